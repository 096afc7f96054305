package io.cgroupguard.certs;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Whether a certificate is due for renewal, and why: a pure function of its validity window and the time.
 *
 * <p>A certificate is renewed once two thirds of its life have passed, the rule cert-manager uses by default:
 * early enough that a renewal which fails can be retried for a third of the lifetime (four months of a
 * one-year certificate) before anything breaks, late enough not to churn.
 *
 * @param due       true when the certificate should be replaced now
 * @param reason    one human sentence saying why (or why not)
 * @param renewAt   the instant two thirds of the lifetime have passed
 * @param notAfter  when the certificate expires
 */
public record RenewalDecision(boolean due, String reason, Instant renewAt, Instant notAfter) {

    /** The decision for {@code certificate} at the clock's current instant. */
    public static RenewalDecision of(X509Certificate certificate, Clock clock) {
        return of(certificate.getNotBefore().toInstant(), certificate.getNotAfter().toInstant(), clock.instant());
    }

    /** The decision for a certificate valid from {@code notBefore} until {@code notAfter}, at {@code now}. */
    public static RenewalDecision of(Instant notBefore, Instant notAfter, Instant now) {
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("certificate validity ends (" + notAfter + ") before it starts ("
                    + notBefore + ")");
        }
        Duration life = Duration.between(notBefore, notAfter);
        Instant renewAt = notBefore.plus(life.multipliedBy(2).dividedBy(3));
        if (!now.isBefore(notAfter)) {
            return new RenewalDecision(true, "expired at " + notAfter, renewAt, notAfter);
        }
        if (now.isBefore(notBefore)) {
            // A certificate from the future means this clock or the issuer's is wrong; replacing it would
            // only make another one from the same wrong clock, so leave it and say so.
            return new RenewalDecision(false, "not valid before " + notBefore + " (check the clocks)", renewAt,
                    notAfter);
        }
        if (!now.isBefore(renewAt)) {
            return new RenewalDecision(true, "two thirds of its life have passed (renewal due since " + renewAt
                    + ", expires " + notAfter + ")", renewAt, notAfter);
        }
        return new RenewalDecision(false, "valid until " + notAfter + ", renewal due at " + renewAt, renewAt,
                notAfter);
    }
}
