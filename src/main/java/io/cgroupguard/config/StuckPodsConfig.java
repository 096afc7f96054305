package io.cgroupguard.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * How the labeller explains pods stuck on an exhausted node, under {@code cgroup-guard.stuck-pods.}: a Warning
 * Event {@code CgroupExhaustedNode} on each such pod, written by the leader through the labeller's rate limit.
 */
@ConfigMapping(prefix = "cgroup-guard.stuck-pods")
public interface StuckPodsConfig {

    /** Record Events on pods stuck on exhausted nodes (only where the labeller runs: cluster mode, leader). */
    @WithDefault("true")
    boolean enabled();

    /** How long a pod must have been bound to an exhausted node, without a running container, to count as stuck. */
    @WithDefault("1m")
    Duration grace();

    /**
     * How often a pod that is still stuck has its Event's {@code count} and {@code lastTimestamp} raised, as
     * kubelet does for its own repeated events; rarer than kubelet, so a stuck pod costs few writes.
     */
    @WithDefault("10m")
    Duration repeatInterval();
}
