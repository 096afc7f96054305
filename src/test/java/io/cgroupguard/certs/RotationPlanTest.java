package io.cgroupguard.certs;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/** What the leader does with the Secret and the caBundle, for each state they can be in. */
class RotationPlanTest {

    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final Duration OVERLAP = Duration.ofHours(1);

    static final GeneratedCertificates OLD = issue(T0.minus(Duration.ofDays(400)));
    static final GeneratedCertificates CURRENT = issue(T0);
    static final GeneratedCertificates OTHER = issue(T0);

    static GeneratedCertificates issue(Instant at) {
        try {
            return new CertificateGenerator(Clock.fixed(at, ZoneOffset.UTC)).generate(CertificateSpec.defaults());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static Optional<ServingKeyMaterial> served(GeneratedCertificates certs) {
        return Optional.of(new ServingKeyMaterial(certs.servingKey(), List.of(certs.serving())));
    }

    record Case(Optional<ServingKeyMaterial> served, List<X509Certificate> secretBundle,
                List<X509Certificate> liveBundle, Instant now, RotationPlan.Action action,
                List<X509Certificate> trust) {
    }

    static Stream<Arguments> cases() {
        Instant renewAt = T0.minus(CertificateGenerator.CLOCK_SKEW).plus(Duration.ofDays(365)
                .plus(CertificateGenerator.CLOCK_SKEW).multipliedBy(2).dividedBy(3));
        return Stream.of(
                argumentSet("issues_whenTheSecretIsEmpty_trustingTheLiveCaStillValid", new Case(Optional.empty(),
                        List.of(), List.of(CURRENT.ca()), T0, RotationPlan.Action.ISSUE, List.of(CURRENT.ca()))),
                argumentSet("issues_whenTheSecretIsEmpty_droppingAnExpiredLiveCa", new Case(Optional.empty(),
                        List.of(), List.of(OLD.ca(), CURRENT.ca()), T0.plus(Duration.ofDays(3300)),
                        RotationPlan.Action.ISSUE, List.of(CURRENT.ca()))),
                argumentSet("issues_whenNoCaOfTheSecretSignedItsCertificate", new Case(served(CURRENT),
                        List.of(OTHER.ca()), List.of(OTHER.ca()), T0, RotationPlan.Action.ISSUE,
                        List.of(OTHER.ca()))),
                argumentSet("keeps_aFreshPairWithOneCa", new Case(served(CURRENT), List.of(CURRENT.ca()),
                        List.of(), T0, RotationPlan.Action.KEEP, List.of(CURRENT.ca()))),
                argumentSet("issues_atTwoThirdsOfTheLifetime_keepingTheIssuerTrusted", new Case(served(CURRENT),
                        List.of(CURRENT.ca(), OLD.ca()), List.of(CURRENT.ca(), OLD.ca()), renewAt,
                        RotationPlan.Action.ISSUE, List.of(CURRENT.ca()))),
                argumentSet("keeps_thePreviousCa_withinTheOverlap", new Case(served(CURRENT),
                        List.of(CURRENT.ca(), OLD.ca()), List.of(), T0.plus(OVERLAP).minusSeconds(1),
                        RotationPlan.Action.KEEP, List.of(CURRENT.ca(), OLD.ca()))),
                argumentSet("trims_thePreviousCa_onceTheOverlapPassed", new Case(served(CURRENT),
                        List.of(CURRENT.ca(), OLD.ca()), List.of(), T0.plus(OVERLAP),
                        RotationPlan.Action.TRIM, List.of(CURRENT.ca()))));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void decides(Case c) {
        RotationPlan plan = RotationPlan.decide(c.served(), "empty", c.secretBundle(), c.liveBundle(), c.now(),
                OVERLAP);

        assertEquals(c.action(), plan.action(), plan.reason());
        assertEquals(c.trust(), plan.trust());
    }
}
