package io.cgroupguard.agent;

import io.cgroupguard.plainhttp.PrometheusText;
import io.cgroupguard.probe.CgroupReading;
import io.cgroupguard.probe.MemoryCgroups;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prometheus metrics of the node agent ({@code /q/metrics} on the management port): the last reading's memory
 * cgroup counts, the id limit, kmem accounting and the reading's time, and failed reads and condition writes.
 * Gauges stay at their last value when a read fails; the reading's time then stops moving, which is what
 * alerts look at. Names, types, labels and help are those the agent exported through Micrometer before it ran
 * without Quarkus, which the chart's dashboard and alert rules query.
 */
public final class AgentMetrics {

    /** The last reading; null before the first, when the gauges show what an unread node shows. */
    private volatile Snapshot last;
    private final AtomicLong readFailures = new AtomicLong();
    private final AtomicLong writeFailures = new AtomicLong();

    /** One reading's numbers, swapped in whole so a scrape never sees two readings mixed. */
    private record Snapshot(MemoryCgroups counts, double kmem, double at) {
    }

    void recordReading(CgroupReading reading, Instant at) {
        double kmem = reading.kmem().enabled() == null ? Double.NaN : reading.kmem().isOn() ? 1.0 : 0.0;
        last = new Snapshot(reading.memoryCgroups(), kmem, at.toEpochMilli() / 1000.0);
    }

    void recordReadFailure() {
        readFailures.incrementAndGet();
    }

    void recordWriteFailure() {
        writeFailures.incrementAndGet();
    }

    /** Adds this agent's families to {@code page}. */
    public void writeTo(PrometheusText page) {
        Snapshot now = last;
        page.gauge("cgroup_guard_memory_cgroups",
                "Memory cgroups on this node at the last reading: live, dying, and ids used");
        page.sample("cgroup_guard_memory_cgroups", Map.of("kind", "dying"), now == null ? 0 : now.counts().dying());
        page.sample("cgroup_guard_memory_cgroups", Map.of("kind", "live"), now == null ? 0 : now.counts().live());
        page.sample("cgroup_guard_memory_cgroups", Map.of("kind", "used"), now == null ? 0 : now.counts().used());
        page.gauge("cgroup_guard_memory_cgroup_id_limit",
                "Memory cgroup ids the kernel hands out at most (MEM_CGROUP_ID_MAX)");
        page.sample("cgroup_guard_memory_cgroup_id_limit", now == null ? MemoryCgroups.ID_LIMIT : now.counts().limit());
        page.gauge("cgroup_guard_kmem_accounting",
                "Whether kernel memory is charged to memory cgroups: 1 on, 0 off, NaN unknown");
        page.sample("cgroup_guard_kmem_accounting", now == null ? Double.NaN : now.kmem());
        page.gauge("cgroup_guard_agent_last_reading_timestamp_seconds",
                "Unix time of the agent's last successful reading of the node's cgroup state");
        page.sample("cgroup_guard_agent_last_reading_timestamp_seconds", now == null ? Double.NaN : now.at());
        page.counter("cgroup_guard_agent_read_failures", "Readings of the node's cgroup state that failed",
                readFailures.get());
        page.counter("cgroup_guard_agent_condition_write_failures",
                "Writes of the CgroupExhausted condition that failed", writeFailures.get());
    }
}
