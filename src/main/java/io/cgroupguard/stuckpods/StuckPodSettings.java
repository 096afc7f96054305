package io.cgroupguard.stuckpods;

import io.cgroupguard.config.StuckPodsConfig;

import java.time.Duration;

/**
 * The stuck-pod check's numbers as plain values, so tests need no configuration.
 *
 * @param enabled        whether the leader records Events on stuck pods at all
 * @param grace          how long a pod must have been bound, without a running container, to count as stuck
 * @param repeatInterval how often a still-stuck pod's Event has its count raised
 */
public record StuckPodSettings(boolean enabled, Duration grace, Duration repeatInterval) {

    public StuckPodSettings {
        if (grace.isNegative() || repeatInterval.isNegative() || repeatInterval.isZero()) {
            throw new IllegalArgumentException("grace must not be negative and the repeat interval must be positive");
        }
    }

    /** The documented defaults: on, 1 minute of grace, the count raised every 10 minutes. */
    public static StuckPodSettings defaults() {
        return new StuckPodSettings(true, Duration.ofMinutes(1), Duration.ofMinutes(10));
    }

    public static StuckPodSettings from(StuckPodsConfig config) {
        return new StuckPodSettings(config.enabled(), config.grace(), config.repeatInterval());
    }
}
