package io.cgroupguard.certs;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/** When a certificate the guard does not manage itself is worth a warning. */
class ExpiryWarningTest {

    static final Instant NOT_AFTER = Instant.parse("2027-01-01T00:00:00Z");
    static final Duration THIRTY_DAYS = Duration.ofDays(30);

    static Stream<Arguments> cases() {
        return Stream.of(
                argumentSet("silent_31DaysAhead", NOT_AFTER.minus(Duration.ofDays(31)), Optional.empty()),
                argumentSet("warns_30DaysAhead", NOT_AFTER.minus(THIRTY_DAYS), Optional.of("in 30 days")),
                argumentSet("warns_aDayAhead", NOT_AFTER.minus(Duration.ofDays(1)), Optional.of("in 1 days")),
                argumentSet("saysExpired_afterNotAfter", NOT_AFTER.plusSeconds(1), Optional.of("EXPIRED")));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void warns(Instant now, Optional<String> expected) {
        Optional<String> warning = ExpiryWarning.due(NOT_AFTER, now, THIRTY_DAYS);

        assertEquals(expected.isPresent(), warning.isPresent(), warning.toString());
        expected.ifPresent(text -> assertTrue(warning.get().contains(text), warning.get()));
    }
}
