package io.cgroupguard.admission;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.EnumMap;
import java.util.Map;

/**
 * Prometheus metrics of the admission endpoints ({@code /q/metrics}): decisions by endpoint and result, and
 * request latency. Meters are registered once, so recording is a map read and an increment.
 */
@ApplicationScoped
public class AdmissionMetrics {

    /** The two webhook endpoints, as metric tags. */
    public enum Endpoint { MUTATE, VALIDATE }

    private final Map<Endpoint, Map<AdmissionResponse.Outcome, Counter>> decisions = new EnumMap<>(Endpoint.class);
    private final Map<Endpoint, Counter> rejected = new EnumMap<>(Endpoint.class);
    private final Map<Endpoint, Timer> latency = new EnumMap<>(Endpoint.class);

    AdmissionMetrics(MeterRegistry registry) {
        for (Endpoint endpoint : Endpoint.values()) {
            String tag = endpoint.name().toLowerCase(java.util.Locale.ROOT);
            Map<AdmissionResponse.Outcome, Counter> byOutcome = new EnumMap<>(AdmissionResponse.Outcome.class);
            for (AdmissionResponse.Outcome outcome : AdmissionResponse.Outcome.values()) {
                byOutcome.put(outcome, Counter.builder("cgroup_guard_admission_decisions")
                        .description("Admission decisions by endpoint and result")
                        .tag("endpoint", tag).tag("result", outcome.tag()).register(registry));
            }
            decisions.put(endpoint, byOutcome);
            rejected.put(endpoint, Counter.builder("cgroup_guard_admission_decisions")
                    .description("Admission decisions by endpoint and result")
                    .tag("endpoint", tag).tag("result", "malformed").register(registry));
            latency.put(endpoint, Timer.builder("cgroup_guard_admission_duration")
                    .description("Server time to answer an admission request")
                    .tag("endpoint", tag).publishPercentiles(0.5, 0.99).register(registry));
        }
    }

    void record(Endpoint endpoint, ReviewPipeline.Answer answer, long startNanos) {
        latency.get(endpoint).record(System.nanoTime() - startNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        (answer.outcome() == null ? rejected.get(endpoint) : decisions.get(endpoint).get(answer.outcome()))
                .increment();
    }
}
