package io.cgroupguard.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * The labeller's settings, under {@code cgroup-guard.labeller.}: how much evidence flags a node, how long a flagged
 * node must stay quiet before it is cleared, and how hard the leader may write to the API server.
 */
@ConfigMapping(prefix = "cgroup-guard.labeller")
public interface LabellerConfig {

    /** Run the labeller at all (it still runs only in cluster mode and only on the elected leader). */
    @WithDefault("true")
    boolean enabled();

    /** Failed cgroup creations reported by kubelet within {@link #window()} that make a node exhausted. */
    @WithDefault("3")
    int threshold();

    /** How far back kubelet events count towards {@link #threshold()}. */
    @WithDefault("10m")
    Duration window();

    /**
     * How long an exhausted node must go without new evidence, with the agent reporting headroom, before it is
     * cleared. Pods avoid a flagged node, so silence alone is never taken as health.
     */
    @WithDefault("30m")
    Duration quietPeriod();

    /** Also put the {@code cgroup-guard.io/exhausted:NoSchedule} taint on exhausted nodes. */
    @WithDefault("false")
    boolean taint();

    /** Node writes (patches and Events together) per second, for the whole cluster: only the leader writes. */
    @WithDefault("10")
    double writesPerSecond();

    /** How often every node is decided again, so that windows and quiet periods expire without new input. */
    @WithDefault("30s")
    Duration resyncInterval();

    /** Leader election: how long a Lease stays valid without renewal. */
    @WithDefault("15s")
    Duration leaseDuration();

    /** Leader election: the leader gives up (and stops writing) when it could not renew for this long. */
    @WithDefault("10s")
    Duration renewDeadline();

    /** Leader election: how often candidates retry and the leader renews. */
    @WithDefault("2s")
    Duration retryPeriod();
}
