package io.cgroupguard.certs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

class RenewalDecisionTest {

    private static final Instant ISSUED = Instant.parse("2026-01-01T00:00:00Z");
    /** 300 days, so two thirds is a whole 200 days and the boundary is exact. */
    private static final Instant EXPIRES = ISSUED.plus(Duration.ofDays(300));
    private static final Instant TWO_THIRDS = ISSUED.plus(Duration.ofDays(200));

    static Stream<Arguments> moments() {
        return Stream.of(
                argumentSet("fresh certificate is kept", ISSUED.plusSeconds(60), false, "valid until"),
                argumentSet("one second before two thirds is kept", TWO_THIRDS.minusSeconds(1), false,
                        "renewal due at 2026-07-20T00:00:00Z"),
                argumentSet("exactly two thirds renews", TWO_THIRDS, true, "two thirds of its life"),
                argumentSet("after two thirds renews", TWO_THIRDS.plus(Duration.ofDays(50)), true,
                        "two thirds of its life"),
                argumentSet("one second before expiry renews", EXPIRES.minusSeconds(1), true, "two thirds"),
                argumentSet("expired renews", EXPIRES, true, "expired at 2026-10-28T00:00:00Z"),
                argumentSet("long expired renews", EXPIRES.plus(Duration.ofDays(400)), true, "expired at"),
                argumentSet("certificate from the future is kept and blamed on clocks", ISSUED.minusSeconds(1),
                        false, "check the clocks"));
    }

    @ParameterizedTest
    @MethodSource("moments")
    void renewsFromTwoThirdsOfTheLifetime(Instant now, boolean due, String reason) {
        RenewalDecision decision = RenewalDecision.of(ISSUED, EXPIRES, now);

        assertEquals(due, decision.due(), decision.reason());
        assertTrue(decision.reason().contains(reason), decision.reason());
        assertEquals(TWO_THIRDS, decision.renewAt());
        assertEquals(EXPIRES, decision.notAfter());
    }

    @Test
    void refusesAWindowThatEndsBeforeItStarts() {
        assertThrows(IllegalArgumentException.class, () -> RenewalDecision.of(EXPIRES, ISSUED, ISSUED));
    }

    @Test
    void readsTheWindowOfAGeneratedServingCertificate() throws Exception {
        Clock issuing = Clock.fixed(ISSUED, ZoneOffset.UTC);
        GeneratedCertificates certs = new CertificateGenerator(issuing).generate(CertificateSpec.defaults());
        // notBefore is back-dated by the clock-skew allowance, so the lifetime is a year plus that.
        Duration life = Duration.ofDays(365).plus(CertificateGenerator.CLOCK_SKEW);
        Instant renewAt = ISSUED.minus(CertificateGenerator.CLOCK_SKEW).plus(life.multipliedBy(2).dividedBy(3));

        assertFalse(RenewalDecision.of(certs.serving(), Clock.fixed(renewAt.minusSeconds(1), ZoneOffset.UTC)).due());
        assertTrue(RenewalDecision.of(certs.serving(), Clock.fixed(renewAt, ZoneOffset.UTC)).due());
    }
}
