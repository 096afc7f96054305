package io.cgroupguard.forecast;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;
import java.util.function.LongUnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class LeakForecastTest {

    static final Instant T0 = Instant.parse("2019-06-04T00:00:00Z");
    static final long LIMIT = 65535;
    static final Duration WINDOW = Duration.ofHours(6);
    static final Duration MIN_HISTORY = Duration.ofHours(1);
    static final Duration HORIZON = Duration.ofHours(24);

    /** Readings every 30 s (the agent's default interval) for {@code hours}; {@code used} maps seconds to ids. */
    static IdHistory read(double hours, LongUnaryOperator used) {
        IdHistory history = new IdHistory(WINDOW, 650);
        for (long s = 0; s <= hours * 3600; s += 30) {
            history.add(T0.plusSeconds(s), used.applyAsLong(s));
        }
        return history;
    }

    static long steady(long start, double perHour, long seconds) {
        return start + Math.round(perHour * seconds / 3600.0);
    }

    /** Pods started in a burst every 20 minutes hold 400 more memcgs for 3 minutes. */
    static long churn(long seconds) {
        return seconds % 1200 < 180 ? 400 : 0;
    }

    static Stream<Arguments> leaks() {
        Random noise = new Random(42);
        return Stream.of(
                arguments(Named.of("steady 100 ids per hour", (LongUnaryOperator) s -> steady(60000, 100, s)), 60000,
                        100.0),
                arguments(Named.of("steady, with bursts of pods coming and going",
                        (LongUnaryOperator) s -> steady(60000, 100, s) + churn(s)), 60000, 100.0),
                arguments(Named.of("steady, with readings off by up to 60 either way",
                        (LongUnaryOperator) s -> steady(60000, 100, s) + noise.nextInt(121) - 60), 60000, 100.0),
                arguments(Named.of("fast: 1000 ids per hour", (LongUnaryOperator) s -> steady(50000, 1000, s)), 50000,
                        1000.0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("leaks")
    void forecastsTheRunOutTimeOfAKnownLeak(LongUnaryOperator used, long start, double perHour) {
        IdHistory history = read(3, used);
        LeakForecast forecast = LeakForecast.of(history, LIMIT, MIN_HISTORY).orElseThrow();

        Instant truth = T0.plusSeconds(Math.round((LIMIT - start) / perHour * 3600));
        Instant newest = history.samples().get(history.samples().size() - 1).at();
        double error = Math.abs(Duration.between(truth, forecast.runsOut().orElseThrow()).toSeconds())
                / (double) Duration.between(newest, truth).toSeconds();
        assertTrue(Math.abs(forecast.idsPerHour() - perHour) / perHour < 0.05, forecast.describe());
        assertTrue(error < 0.05, "off by " + Math.round(error * 100) + "% of the time left: " + forecast.describe());
    }

    @Test
    void saysNothing_beforeTheMinimumHistory() {
        assertEquals(Optional.empty(), LeakForecast.of(read(0.5, s -> steady(60000, 100, s)), LIMIT, MIN_HISTORY));
    }

    @Test
    void flatNodeWithChurn_isNeverWithinTheHorizon() {
        LeakForecast forecast = LeakForecast.of(read(3, s -> 1200 + churn(s)), LIMIT, MIN_HISTORY).orElseThrow();
        assertTrue(Math.abs(forecast.idsPerHour()) < 1, forecast.describe());
        assertFalse(forecast.within(HORIZON, T0.plus(Duration.ofHours(3))), forecast.describe());
    }

    @Test
    void idsBeingFreed_neverRunOut() {
        LeakForecast forecast = LeakForecast.of(read(3, s -> 60000 - s / 36), LIMIT, MIN_HISTORY).orElseThrow();
        assertTrue(forecast.idsPerHour() < 0);
        assertEquals(Optional.empty(), forecast.runsOut());
    }

    @Test
    void lineAlreadyPastTheLimit_runsOutNow() {
        IdHistory history = read(2, s -> steady(65000, 600, s));
        LeakForecast forecast = LeakForecast.of(history, LIMIT, MIN_HISTORY).orElseThrow();
        assertEquals(T0.plus(Duration.ofHours(2)), forecast.runsOut().orElseThrow());
        assertTrue(forecast.within(HORIZON, T0.plus(Duration.ofHours(2))));
    }

    static Stream<Arguments> horizons() {
        // 100 ids per hour from 60000: out of ids 55.35 hours after T0, 52.35 hours after the last reading.
        return Stream.of(
                arguments(Named.of("a day ahead: not yet", Duration.ofHours(24)), false),
                arguments(Named.of("three days ahead: at risk", Duration.ofHours(72)), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("horizons")
    void atRiskOnlyWithinTheHorizon(Duration horizon, boolean within) {
        LeakForecast forecast = LeakForecast.of(read(3, s -> steady(60000, 100, s)), LIMIT, MIN_HISTORY).orElseThrow();
        assertEquals(within, forecast.within(horizon, T0.plus(Duration.ofHours(3))));
    }

    @Test
    void describesRateAndTimeInRfc3339() {
        LeakForecast forecast = new LeakForecast(120.04, Optional.of(Instant.parse("2019-06-05T08:00:00.750Z")));
        assertEquals("leaking 120.0 memory cgroup ids per hour, out of ids at 2019-06-05T08:00:00Z",
                forecast.describe());
    }
}
