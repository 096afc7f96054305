package io.cgroupguard.labeller;

import io.cgroupguard.config.LabellerConfig;

import java.time.Duration;

/**
 * The numbers a decision depends on, as plain values so the CLI and tests need no configuration.
 *
 * @param threshold   failed cgroup creations within {@code window} that make a node exhausted
 * @param window      how far back kubelet events count
 * @param quietPeriod how long an exhausted node must go without evidence, with agent headroom, to be cleared
 */
public record LabellerSettings(int threshold, Duration window, Duration quietPeriod) {

    public LabellerSettings {
        if (threshold < 1) {
            throw new IllegalArgumentException("threshold must be at least 1, got " + threshold);
        }
        if (window.isNegative() || window.isZero() || quietPeriod.isNegative()) {
            throw new IllegalArgumentException("window must be positive and quiet period not negative");
        }
    }

    /** The documented defaults: 3 failures within 10 minutes; 30 quiet minutes to recover. */
    public static LabellerSettings defaults() {
        return new LabellerSettings(3, Duration.ofMinutes(10), Duration.ofMinutes(30));
    }

    public static LabellerSettings from(LabellerConfig config) {
        return new LabellerSettings(config.threshold(), config.window(), config.quietPeriod());
    }
}
