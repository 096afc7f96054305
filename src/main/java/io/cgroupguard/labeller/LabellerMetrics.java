package io.cgroupguard.labeller;

import io.cgroupguard.nodestate.NodeRisk;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.EnumMap;
import java.util.Map;

/**
 * Prometheus metrics of the labeller ({@code /q/metrics} on the management port): kubelet events taken as
 * evidence, node state changes written, and node writes that failed. Only the leader counts; the other
 * replicas' counters stay at zero, so dashboards sum over replicas. Registered at startup on every replica: a
 * counter that exists from the start at zero gives {@code rate()} a series to work on before the first count.
 */
@Startup
@ApplicationScoped
public class LabellerMetrics {

    private final Counter evidence;
    private final Map<NodeRisk, Counter> changes = new EnumMap<>(NodeRisk.class);
    private final Counter writeFailures;

    LabellerMetrics(MeterRegistry registry) {
        evidence = Counter.builder("cgroup_guard_labeller_evidence_seen")
                .description("Kubelet warning events taken as evidence of failed cgroup creation (each delivery)")
                .register(registry);
        for (NodeRisk to : NodeRisk.values()) {
            changes.put(to, Counter.builder("cgroup_guard_labeller_state_changes")
                    .description("Node state labels changed by the labeller, by the state written")
                    .tag("to", to.label()).register(registry));
        }
        writeFailures = Counter.builder("cgroup_guard_labeller_write_failures")
                .description("Node label writes that failed for good or were dropped on losing the Lease")
                .register(registry);
    }

    void evidenceSeen() {
        evidence.increment();
    }

    /** A node write's outcome: a state change when it went through and the state differs, else a failure. */
    void written(NodeRisk from, NodeRisk to, boolean succeeded) {
        if (!succeeded) {
            writeFailures.increment();
        } else if (from != to) {
            changes.get(to).increment();
        }
    }
}
