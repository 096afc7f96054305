package io.cgroupguard.agent;

import io.cgroupguard.probe.MemoryCgroups;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Prometheus metrics of the node agent ({@code /q/metrics}): the last reading's memory cgroup counts, and
 * failed reads and condition writes. Gauges stay at their last value when a read fails.
 */
@ApplicationScoped
public class AgentMetrics {

    private final AtomicLong live = new AtomicLong();
    private final AtomicLong dying = new AtomicLong();
    private final AtomicLong used = new AtomicLong();
    private final Counter readFailures;
    private final Counter writeFailures;

    AgentMetrics(MeterRegistry registry) {
        gauge(registry, "live", live);
        gauge(registry, "dying", dying);
        gauge(registry, "used", used);
        Gauge.builder("cgroup_guard_memory_cgroup_id_limit", () -> MemoryCgroups.ID_LIMIT)
                .description("Memory cgroup ids the kernel hands out at most (MEM_CGROUP_ID_MAX)").register(registry);
        readFailures = Counter.builder("cgroup_guard_agent_read_failures")
                .description("Readings of the node's cgroup state that failed").register(registry);
        writeFailures = Counter.builder("cgroup_guard_agent_condition_write_failures")
                .description("Writes of the CgroupExhausted condition that failed").register(registry);
    }

    private static void gauge(MeterRegistry registry, String kind, AtomicLong value) {
        Gauge.builder("cgroup_guard_memory_cgroups", value, AtomicLong::get)
                .description("Memory cgroups on this node at the last reading: live, dying, and ids used")
                .tag("kind", kind).register(registry);
    }

    void recordReading(MemoryCgroups counts) {
        live.set(counts.live());
        dying.set(counts.dying());
        used.set(counts.used());
    }

    void recordReadFailure() {
        readFailures.increment();
    }

    void recordWriteFailure() {
        writeFailures.increment();
    }
}
