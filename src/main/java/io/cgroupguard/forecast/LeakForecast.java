package io.cgroupguard.forecast;

import io.cgroupguard.nodestate.ExhaustionForecast;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When a node's memory cgroup ids run out at the rate they leak now: a pure function of a node's
 * {@link IdHistory}, the id limit and the clock.
 *
 * @param idsPerHour the fitted leak rate (0 or negative: no leak)
 * @param runsOut    when the fitted line reaches the limit; empty when it never does. Never before the newest
 *                   sample: a line already past the limit says the ids run out now
 */
public record LeakForecast(double idsPerHour, Optional<Instant> runsOut) {

    /**
     * @param history    the node's recent readings
     * @param limit      ids at which the node runs out (65535, or the level at which the guard calls it exhausted)
     * @param minHistory how long the samples must span before a rate means anything; shorter gives empty
     */
    public static Optional<LeakForecast> of(IdHistory history, long limit, Duration minHistory) {
        if (history.span().compareTo(minHistory) < 0) {
            return Optional.empty();
        }
        var samples = history.samples();
        Instant newest = samples.get(samples.size() - 1).at();
        return LeakFit.of(samples).map(fit -> new LeakForecast(fit.idsPerHour(),
                fit.reaches(limit).map(t -> t.isBefore(newest) ? newest : t)));
    }

    /** True when the ids run out within {@code horizon} of {@code now}: the node is at risk. */
    public boolean within(Duration horizon, Instant now) {
        return runsOut.filter(t -> !t.isAfter(now.plus(horizon))).isPresent();
    }

    /**
     * For the condition message: "leaking 120.0 memory cgroup ids per hour, out of ids at 2019-06-05T08:00:00Z"
     * ({@link ExhaustionForecast}'s phrase, which the labeller parses back).
     */
    public String describe() {
        return runsOut.map(t -> new ExhaustionForecast(idsPerHour, t).phrase())
                .orElse(ExhaustionForecast.rate(idsPerHour));
    }
}
