package io.cgroupguard.agent;

import io.cgroupguard.forecast.LeakForecast;
import io.cgroupguard.plainhttp.PrometheusText;

import java.util.Optional;

/**
 * Prometheus gauges of the agent's leak forecast: the fitted rate in ids per hour, and when the ids run out as
 * Unix seconds. Both are NaN while there is no forecast (too little history) and the time is NaN when the ids
 * never run out at that rate, so an alert on {@code time() > ... - 86400} never fires on a missing value.
 */
public final class ForecastMetrics {

    private volatile Optional<LeakForecast> last = Optional.empty();

    void record(Optional<LeakForecast> forecast) {
        last = forecast;
    }

    /** Adds the two gauges to {@code page}. */
    public void writeTo(PrometheusText page) {
        Optional<LeakForecast> forecast = last;
        page.gauge("cgroup_guard_memory_cgroup_leak_ids_per_hour",
                "Memory cgroup ids leaked per hour, fitted over the agent's recent readings");
        page.sample("cgroup_guard_memory_cgroup_leak_ids_per_hour",
                forecast.map(LeakForecast::idsPerHour).orElse(Double.NaN));
        page.gauge("cgroup_guard_memory_cgroup_exhausted_by_timestamp_seconds",
                "When the memory cgroup ids run out at the fitted leak rate, in Unix seconds");
        page.sample("cgroup_guard_memory_cgroup_exhausted_by_timestamp_seconds",
                forecast.flatMap(LeakForecast::runsOut).map(t -> t.toEpochMilli() / 1000.0).orElse(Double.NaN));
    }
}
