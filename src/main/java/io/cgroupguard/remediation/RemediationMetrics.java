package io.cgroupguard.remediation;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Prometheus metrics of remediation ({@code /q/metrics}): evictions done, refused, failed or (in dry-run) named,
 * and stuck pods not evicted, by cause. Only the leader records.
 */
@ApplicationScoped
public class RemediationMetrics {

    private final MeterRegistry registry;

    public RemediationMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** An eviction tried (or, in dry-run, named): {@code evicted}, {@code refused}, {@code failed}, {@code dry-run}. */
    void eviction(String result) {
        Counter.builder("cgroup_guard_evictions").description("Evictions of stuck pods by result")
                .tag("result", result).register(registry).increment();
    }

    /** A stuck pod not evicted, by cause ({@link EvictionEligibility.Skip} tags, or {@code rate-limited}). */
    void evictionSkipped(String cause) {
        Counter.builder("cgroup_guard_evictions_skipped")
                .description("Stuck pods not evicted, by cause (once per pod; rate-limited once per deferral)")
                .tag("cause", cause).register(registry).increment();
    }
}
