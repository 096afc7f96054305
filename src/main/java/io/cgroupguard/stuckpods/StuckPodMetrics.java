package io.cgroupguard.stuckpods;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Prometheus metrics of the stuck-pod check ({@code /q/metrics}): pods found stuck on exhausted nodes and the
 * Events recorded on them (remediation's evictions have their own). Only the leader records.
 */
@ApplicationScoped
public class StuckPodMetrics {

    private final Counter seen;
    private final Counter created;
    private final Counter updated;
    private final Counter failed;

    public StuckPodMetrics(MeterRegistry registry) {
        seen = Counter.builder("cgroup_guard_stuck_pods_seen")
                .description("Pods found stuck on an exhausted node, once per pod and node state")
                .register(registry);
        created = events(registry, "created");
        updated = events(registry, "updated");
        failed = events(registry, "failed");
    }

    private static Counter events(MeterRegistry registry, String result) {
        return Counter.builder("cgroup_guard_stuck_pod_events")
                .description("CgroupExhaustedNode Events on stuck pods: created, count raised, or failed")
                .tag("result", result).register(registry);
    }

    void seen() {
        seen.increment();
    }

    void eventCreated() {
        created.increment();
    }

    void eventUpdated() {
        updated.increment();
    }

    void eventFailed() {
        failed.increment();
    }
}
