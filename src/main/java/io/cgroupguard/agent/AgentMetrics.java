package io.cgroupguard.agent;

import io.cgroupguard.probe.CgroupReading;
import io.cgroupguard.probe.MemoryCgroups;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Prometheus metrics of the node agent ({@code /q/metrics} on the management port): the last reading's memory
 * cgroup counts, the id limit, kmem accounting and the reading's time, and failed reads and condition writes.
 * Gauges stay at their last value when a read fails; the reading's time then stops moving, which is what
 * alerts look at.
 *
 * <p>The meters are removed when the bean is destroyed: Quarkus hands out Micrometer's global composite registry,
 * which outlives the application when a JVM starts it again (the test suite does). A gauge holds its value object
 * only weakly, so one left behind would keep the next agent's gauge of the same name from registering and, once
 * its value object is collected, vanish from the page.
 */
@ApplicationScoped
public class AgentMetrics {

    private final AtomicLong live = new AtomicLong();
    private final AtomicLong dying = new AtomicLong();
    private final AtomicLong used = new AtomicLong();
    private final AtomicLong limit = new AtomicLong(MemoryCgroups.ID_LIMIT);
    /** 1 on, 0 off, NaN while unknown (no reading yet, or the evidence does not say). */
    private final AtomicReference<Double> kmem = new AtomicReference<>(Double.NaN);
    private final AtomicReference<Double> readAt = new AtomicReference<>(Double.NaN);
    private final Counter readFailures;
    private final Counter writeFailures;
    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();

    AgentMetrics(MeterRegistry registry) {
        this.registry = registry;
        gauge("live", live);
        gauge("dying", dying);
        gauge("used", used);
        meters.add(Gauge.builder("cgroup_guard_memory_cgroup_id_limit", limit, AtomicLong::get)
                .description("Memory cgroup ids the kernel hands out at most (MEM_CGROUP_ID_MAX)").register(registry));
        meters.add(Gauge.builder("cgroup_guard_kmem_accounting", kmem, AtomicReference::get)
                .description("Whether kernel memory is charged to memory cgroups: 1 on, 0 off, NaN unknown")
                .register(registry));
        meters.add(Gauge.builder("cgroup_guard_agent_last_reading_timestamp_seconds", readAt, AtomicReference::get)
                .description("Unix time of the agent's last successful reading of the node's cgroup state")
                .register(registry));
        readFailures = Counter.builder("cgroup_guard_agent_read_failures")
                .description("Readings of the node's cgroup state that failed").register(registry);
        writeFailures = Counter.builder("cgroup_guard_agent_condition_write_failures")
                .description("Writes of the CgroupExhausted condition that failed").register(registry);
        meters.add(readFailures);
        meters.add(writeFailures);
    }

    private void gauge(String kind, AtomicLong value) {
        meters.add(Gauge.builder("cgroup_guard_memory_cgroups", value, AtomicLong::get)
                .description("Memory cgroups on this node at the last reading: live, dying, and ids used")
                .tag("kind", kind).register(registry));
    }

    @PreDestroy
    void unregister() {
        meters.forEach(registry::remove);
    }

    void recordReading(CgroupReading reading, Instant at) {
        MemoryCgroups counts = reading.memoryCgroups();
        live.set(counts.live());
        dying.set(counts.dying());
        used.set(counts.used());
        limit.set(counts.limit());
        kmem.set(reading.kmem().enabled() == null ? Double.NaN : reading.kmem().isOn() ? 1.0 : 0.0);
        readAt.set(at.toEpochMilli() / 1000.0);
    }

    void recordReadFailure() {
        readFailures.increment();
    }

    void recordWriteFailure() {
        writeFailures.increment();
    }
}
