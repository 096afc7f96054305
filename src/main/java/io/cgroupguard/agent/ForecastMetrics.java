package io.cgroupguard.agent;

import io.cgroupguard.forecast.LeakForecast;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Prometheus gauges of the agent's leak forecast: the fitted rate in ids per hour, and when the ids run out as
 * Unix seconds. Both are NaN while there is no forecast (too little history) and the time is NaN when the ids
 * never run out at that rate, so an alert on {@code time() > ... - 86400} never fires on a missing value.
 *
 * <p>The gauges are removed with the bean, as {@link AgentMetrics}'s are: left in Micrometer's global registry they
 * would keep the next application in the same JVM from registering its own, and vanish once collected.
 */
@ApplicationScoped
public class ForecastMetrics {

    private final AtomicReference<Optional<LeakForecast>> last = new AtomicReference<>(Optional.empty());
    private final MeterRegistry registry;
    private final List<Meter> meters = new ArrayList<>();

    ForecastMetrics(MeterRegistry registry) {
        this.registry = registry;
        meters.add(Gauge.builder("cgroup_guard_memory_cgroup_leak_ids_per_hour", last,
                        l -> l.get().map(LeakForecast::idsPerHour).orElse(Double.NaN))
                .description("Memory cgroup ids leaked per hour, fitted over the agent's recent readings")
                .register(registry));
        meters.add(Gauge.builder("cgroup_guard_memory_cgroup_exhausted_by_timestamp_seconds", last,
                        l -> l.get().flatMap(LeakForecast::runsOut).map(t -> t.toEpochMilli() / 1000.0)
                                .orElse(Double.NaN))
                .description("When the memory cgroup ids run out at the fitted leak rate, in Unix seconds")
                .register(registry));
    }

    @PreDestroy
    void unregister() {
        meters.forEach(registry::remove);
    }

    void record(Optional<LeakForecast> forecast) {
        last.set(forecast);
    }
}
