package io.cgroupguard.nodestate;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ExhaustionForecastTest {

    @Test
    void readsBackThePhraseItWritesInsideAMessage() {
        ExhaustionForecast f = new ExhaustionForecast(123.45, Instant.parse("2026-11-27T03:30:00.900Z"));
        String message = "52000 of 65535 memory cgroup ids in use (kernel 3.10); " + f.phrase();
        assertEquals("leaking 123.5 memory cgroup ids per hour, out of ids at 2026-11-27T03:30:00Z", f.phrase());
        assertEquals(Optional.of(new ExhaustionForecast(123.5, Instant.parse("2026-11-27T03:30:00Z"))),
                ExhaustionForecast.in(message));
    }

    @Test
    void findsNothingInAMessageWithoutAForecastOrWithABrokenTime() {
        assertEquals(Optional.empty(), ExhaustionForecast.in("52000 of 65535 memory cgroup ids in use"));
        assertEquals(Optional.empty(), ExhaustionForecast.in(null));
        assertEquals(Optional.empty(), ExhaustionForecast.in(
                "leaking 5.0 memory cgroup ids per hour, out of ids at 2026-13-45T99:00:00Z"));
    }
}
