package io.cgroupguard.remediation;

import io.cgroupguard.testing.FakeClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The eviction rate limits over a sliding minute, driven by a clock the test moves. */
class EvictionBudgetTest {

    static final Instant START = Instant.parse("2026-11-27T10:00:00Z");

    @Test
    void oneNodeGivesAtMostItsShareAMinute() {
        FakeClock clock = new FakeClock(START);
        EvictionBudget budget = new EvictionBudget(10, 2, clock);

        assertTrue(budget.take("w1"));
        assertTrue(budget.take("w1"));
        assertFalse(budget.take("w1"), "a third eviction from w1 within the minute");
        assertTrue(budget.take("w2"), "another node has its own share");
        clock.advance(Duration.ofSeconds(59));
        assertFalse(budget.take("w1"));
        clock.advance(Duration.ofSeconds(1));
        assertTrue(budget.take("w1"), "a minute after the first two, w1 may give again");
    }

    @Test
    void theClusterGivesAtMostItsLimitAMinute_acrossNodes() {
        FakeClock clock = new FakeClock(START);
        EvictionBudget budget = new EvictionBudget(10, 2, clock);

        for (int node = 0; node < 5; node++) {
            assertTrue(budget.take("w" + node));
            assertTrue(budget.take("w" + node));
        }
        assertFalse(budget.take("w9"), "an eleventh eviction within the minute, from a fresh node");
        clock.advance(Duration.ofMinutes(1));
        assertTrue(budget.take("w9"));
    }
}
