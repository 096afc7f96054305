package io.cgroupguard.remediation;

import io.cgroupguard.config.RemediationConfig;

import java.time.Duration;
import java.util.Set;

/**
 * Remediation's settings as plain values, so tests need no configuration.
 *
 * @param enabled                 evict eligible stuck pods at all
 * @param dryRun                  only record the Event naming the pod that would be evicted
 * @param grace                   how long a pod must have been stuck before it is evicted
 * @param evictionsPerMinute      evictions a minute, cluster-wide
 * @param nodeEvictionsPerMinute  evictions a minute from one node
 * @param retryAfter              the wait after a refused (429) eviction
 * @param exemptNamespaces        namespaces whose pods are never evicted (the guard's exempt namespaces)
 */
public record RemediationSettings(boolean enabled, boolean dryRun, Duration grace, int evictionsPerMinute,
                                  int nodeEvictionsPerMinute, Duration retryAfter, Set<String> exemptNamespaces) {

    public RemediationSettings {
        if (evictionsPerMinute < 1 || nodeEvictionsPerMinute < 1 || grace.isNegative() || retryAfter.isNegative()) {
            throw new IllegalArgumentException("eviction limits must be at least 1, grace and retry not negative");
        }
        exemptNamespaces = Set.copyOf(exemptNamespaces);
    }

    /** The documented defaults: off; 2 minutes of grace; 10 a minute, 2 a minute from one node; retry after 1m. */
    public static RemediationSettings off(Set<String> exemptNamespaces) {
        return new RemediationSettings(false, false, Duration.ofMinutes(2), 10, 2, Duration.ofMinutes(1),
                exemptNamespaces);
    }

    public static RemediationSettings from(RemediationConfig config, Set<String> exemptNamespaces) {
        return new RemediationSettings(config.enabled(), config.dryRun(), config.grace(), config.evictionsPerMinute(),
                config.nodeEvictionsPerMinute(), config.retryAfter(), exemptNamespaces);
    }
}
