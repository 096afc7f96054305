package io.cgroupguard.admission;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.Map;
import java.util.stream.LongStream;

/**
 * Prometheus metrics of the admission endpoints ({@code /q/metrics}): decisions by endpoint and result, and
 * request latency. Meters are registered once, so recording is a map read and an increment. Registered at
 * startup, so every series exists at zero before the first request and alerts on rates see them from the start.
 */
@Startup
@ApplicationScoped
public class AdmissionMetrics {

    /** The two webhook endpoints, as metric tags. */
    public enum Endpoint { MUTATE, VALIDATE }

    /**
     * Histogram buckets of the latency, from the few microseconds a decision takes to the apiserver's webhook
     * timeout (3 s in manifests/). Buckets, not client-side quantiles: quantiles of two replicas cannot be
     * added up, buckets can ({@code histogram_quantile} over the sum), and a bucket is cheaper to record.
     */
    private static final Duration[] LATENCY_BUCKETS = LongStream.of(100, 250, 500, 1_000, 2_500, 5_000, 10_000,
            25_000, 100_000, 500_000, 1_000_000, 3_000_000).mapToObj(micros -> Duration.of(micros, ChronoUnit.MICROS))
            .toArray(Duration[]::new);

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
                    .tag("endpoint", tag).serviceLevelObjectives(LATENCY_BUCKETS).register(registry));
        }
    }

    void record(Endpoint endpoint, ReviewPipeline.Answer answer, long startNanos) {
        latency.get(endpoint).record(System.nanoTime() - startNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
        (answer.outcome() == null ? rejected.get(endpoint) : decisions.get(endpoint).get(answer.outcome()))
                .increment();
    }
}
