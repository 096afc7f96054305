package io.cgroupguard.labeller;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The gauge {@code cgroup_guard_labeller_leader}: 1 on the replica that holds the Lease, 0 on the others (and on a
 * standalone guard, which runs no election). Summed over the replicas it should be 1; 2 would mean two writers.
 */
@ApplicationScoped
public class LeaderGauge {

    public static final String NAME = "cgroup_guard_labeller_leader";

    private final LabellerLifecycle lifecycle;
    private final MeterRegistry registry;

    LeaderGauge(LabellerLifecycle lifecycle, MeterRegistry registry) {
        this.lifecycle = lifecycle;
        this.registry = registry;
    }

    void register(@Observes StartupEvent event) {
        Gauge.builder(NAME, lifecycle, LeaderGauge::value)
                .description("1 while this replica holds the labeller's Lease, else 0")
                .register(registry);
    }

    static double value(LabellerLifecycle lifecycle) {
        return lifecycle.candidate().map(c -> c.leading() ? 1.0 : 0.0).orElse(0.0);
    }
}
