package io.cgroupguard.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * Opt-in remediation, under {@code cgroup-guard.remediation.}: the leader evicts pods stuck on an exhausted node
 * through the Eviction API (PodDisruptionBudgets respected), so their controller recreates them elsewhere.
 */
@ConfigMapping(prefix = "cgroup-guard.remediation")
public interface RemediationConfig {

    /** Evict eligible stuck pods at all. Off by default: moving workloads is an operator's decision. */
    @WithDefault("false")
    boolean enabled();

    /** Only record the Event saying which pod would be evicted; evict nothing. */
    @WithDefault("false")
    boolean dryRun();

    /** How long a pod must have been stuck on the exhausted node before it is evicted. */
    @WithDefault("2m")
    Duration grace();

    /** Evictions a minute for the whole cluster (only the leader evicts). */
    @WithDefault("10")
    int evictionsPerMinute();

    /** Evictions a minute from one node, so a wrongly flagged node cannot empty itself at once. */
    @WithDefault("2")
    int nodeEvictionsPerMinute();

    /** How long to wait before trying again when an eviction was refused (HTTP 429: a PodDisruptionBudget). */
    @WithDefault("1m")
    Duration retryAfter();
}
