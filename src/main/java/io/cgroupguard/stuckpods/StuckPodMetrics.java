package io.cgroupguard.stuckpods;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Prometheus metrics of the stuck-pod check ({@code /q/metrics}): pods found stuck on exhausted nodes, the
 * Events recorded on them, and remediation's evictions done, refused and skipped. Only the leader records.
 */
@ApplicationScoped
public class StuckPodMetrics {

    private final Counter seen;
    private final Counter created;
    private final Counter updated;
    private final Counter failed;
    private final MeterRegistry registry;

    public StuckPodMetrics(MeterRegistry registry) {
        this.registry = registry;
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

    /** An eviction tried (or, in dry-run, named): {@code evicted}, {@code refused}, {@code failed}, {@code dry-run}. */
    public void eviction(String result) {
        Counter.builder("cgroup_guard_evictions").description("Evictions of stuck pods by result")
                .tag("result", result).register(registry).increment();
    }

    /** A stuck pod not evicted, by cause (remediation's eligibility tags, or {@code rate-limited}). */
    public void evictionSkipped(String cause) {
        Counter.builder("cgroup_guard_evictions_skipped")
                .description("Stuck pods not evicted, by cause (once per pod; rate-limited once per deferral)")
                .tag("cause", cause).register(registry).increment();
    }
}
