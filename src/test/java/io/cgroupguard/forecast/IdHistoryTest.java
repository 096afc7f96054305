package io.cgroupguard.forecast;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdHistoryTest {

    static final Instant T0 = Instant.parse("2019-06-04T00:00:00Z");

    @Test
    void dropResetsTheHistory_andTheRateIsFittedAgainAfterIt() {
        IdHistory history = new IdHistory(Duration.ofHours(6), 650);
        for (int m = 0; m <= 120; m++) {
            assertFalse(history.add(T0.plusSeconds(m * 60L), 40000 + m * 2L));
        }
        assertTrue(history.add(T0.plusSeconds(121 * 60L), 300), "a reboot's reading");
        assertEquals(List.of(new IdSample(T0.plusSeconds(121 * 60L), 300)), history.samples());
        assertEquals(Optional.empty(), LeakForecast.of(history, 65535, Duration.ofHours(1)));

        for (int m = 122; m <= 190; m++) {
            history.add(T0.plusSeconds(m * 60L), 300 + (m - 121) * 5L);
        }
        assertEquals(300.0, LeakForecast.of(history, 65535, Duration.ofHours(1)).orElseThrow().idsPerHour(), 1e-9);
    }

    @Test
    void smallFall_isNoiseNotAReset() {
        IdHistory history = new IdHistory(Duration.ofHours(6), 650);
        history.add(T0, 5000);
        assertFalse(history.add(T0.plusSeconds(60), 4400));
        assertEquals(2, history.samples().size());
    }

    @Test
    void keepsOnlyTheWindow_andAtMostMaxSamples() {
        IdHistory history = new IdHistory(Duration.ofHours(6), 650);
        for (int s = 0; s <= 10 * 3600; s += 30) {
            history.add(T0.plusSeconds(s), 1000 + s / 60);
        }
        assertTrue(history.span().compareTo(Duration.ofHours(6)) <= 0, history.span().toString());
        assertTrue(history.span().compareTo(Duration.ofHours(5)) > 0, history.span().toString());
        assertTrue(history.samples().size() <= IdHistory.MAX_SAMPLES + 1, "" + history.samples().size());
    }

    @Test
    void ignoresAReadingFromBeforeTheNewest() {
        IdHistory history = new IdHistory(Duration.ofHours(6), 650);
        history.add(T0.plusSeconds(600), 2000);
        assertFalse(history.add(T0, 10));
        assertEquals(List.of(new IdSample(T0.plusSeconds(600), 2000)), history.samples());
    }

    @Test
    void refusesAWindowThatIsNotPositive() {
        assertThrows(IllegalArgumentException.class, () -> new IdHistory(Duration.ZERO, 650));
    }
}
