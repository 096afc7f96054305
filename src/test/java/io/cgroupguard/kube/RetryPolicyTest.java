package io.cgroupguard.kube;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The one backoff rule: doubling from the first delay, capped, with jitter between half and all of it. */
class RetryPolicyTest {

    /** The agent's publish loop: from one second, capped at its interval (here 30 s). */
    private static final RetryPolicy AGENT = RetryPolicy.unbounded(Duration.ofSeconds(1), Duration.ofSeconds(30));

    static Stream<Arguments> retries() {
        return Stream.of(
                arguments(1, Duration.ofSeconds(1)),
                arguments(2, Duration.ofSeconds(2)),
                arguments(4, Duration.ofSeconds(8)),
                arguments(6, Duration.ofSeconds(30)),
                arguments(1000, Duration.ofSeconds(30)));
    }

    @ParameterizedTest(name = "failure {0} waits {1}")
    @MethodSource("retries")
    void backsOffDoublingUpToTheCap(int failures, Duration delay) {
        assertEquals(delay, AGENT.delay(failures));
    }

    @ParameterizedTest(name = "failure {0} waits between half of {1} and all of it")
    @MethodSource("retries")
    void jittersBetweenHalfAndAllOfTheDelay(int failures, Duration delay) {
        for (int i = 0; i < 50; i++) {
            Duration jittered = AGENT.jitteredDelay(failures);
            assertTrue(jittered.compareTo(delay.dividedBy(2)) >= 0 && jittered.compareTo(delay) <= 0, jittered::toString);
        }
    }

    static Stream<Arguments> attempts() {
        return Stream.of(
                arguments(new RetryPolicy(3, Duration.ZERO, Duration.ZERO), 2, false),
                arguments(new RetryPolicy(3, Duration.ZERO, Duration.ZERO), 3, true),
                arguments(new RetryPolicy(1, Duration.ZERO, Duration.ZERO), 1, true),
                arguments(AGENT, 1_000_000, false));
    }

    @ParameterizedTest(name = "{0}: attempt {1} is the last: {2}")
    @MethodSource("attempts")
    void givesUpAfterItsAttempts(RetryPolicy policy, int attempt, boolean exhausted) {
        assertEquals(exhausted, policy.exhausted(attempt));
    }
}
