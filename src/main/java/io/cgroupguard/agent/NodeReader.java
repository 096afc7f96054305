package io.cgroupguard.agent;

import io.cgroupguard.probe.CgroupProbe;
import io.cgroupguard.probe.CgroupReadException;
import io.cgroupguard.probe.CgroupReading;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What the agent does each reading, the {@link PublishLoop}'s probe: read the node, record the counts, feed the
 * {@link LeakWatch} and judge the reading with its forecast, keep the reboot sentinel when one is configured, and
 * return the condition to publish. A failed read is {@code Unknown} and leaves the history and the sentinel alone.
 */
public final class NodeReader implements Supplier<CgroupCondition> {

    private final CgroupProbe probe;
    private final boolean mkdirProbe;
    private final LeakWatch watch;
    private final Optional<RebootSentinel> sentinel;
    private final Clock clock;
    private final AgentMetrics metrics;
    private final ForecastMetrics forecastMetrics;

    /**
     * @param mkdirProbe also make and remove a memory cgroup each reading
     * @param sentinel   kured's sentinel to keep, empty when the option is off
     */
    public NodeReader(CgroupProbe probe, boolean mkdirProbe, LeakWatch watch, Optional<RebootSentinel> sentinel,
                      Clock clock, AgentMetrics metrics, ForecastMetrics forecastMetrics) {
        this.probe = probe;
        this.mkdirProbe = mkdirProbe;
        this.watch = watch;
        this.sentinel = sentinel;
        this.clock = clock;
        this.metrics = metrics;
        this.forecastMetrics = forecastMetrics;
    }

    @Override
    public CgroupCondition get() {
        CgroupReading reading;
        try {
            reading = probe.read(mkdirProbe);
        } catch (CgroupReadException e) {
            metrics.recordReadFailure();
            return CgroupCondition.unreadable(e.getMessage());
        }
        Instant now = clock.instant();
        metrics.recordReading(reading, now);
        Outlook outlook = watch.observe(reading, now);
        forecastMetrics.record(outlook.forecast());
        CgroupCondition condition = outlook.condition();
        sentinel.ifPresent(s -> s.update(outlook.rebootNeed(),
                condition.status() + " " + condition.reason() + ": " + condition.message()));
        return condition;
    }
}
