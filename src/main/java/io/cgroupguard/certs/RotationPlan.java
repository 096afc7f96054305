package io.cgroupguard.certs;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the leader does next with the TLS Secret and the webhooks' caBundle: a pure function of what the Secret
 * holds, what the API server trusts now, and the time.
 *
 * <p>A rotation must never leave the API server distrusting a certificate a replica still serves. So a new CA
 * enters the caBundle next to every CA that may still be served (the Secret's current issuer, or when the
 * Secret is unusable, whatever the caBundle trusted), before the Secret holds the new pair; the old CA leaves
 * only once the new pair has been in the Secret for the {@code overlap}, long after every replica reloaded it.
 *
 * @param action what to do
 * @param reason one human sentence, for the log
 * @param trust  the CAs to trust besides a new one ({@link Action#ISSUE}), or the whole bundle to keep
 */
public record RotationPlan(Action action, String reason, List<X509Certificate> trust) {

    /** The leader's possible moves. */
    public enum Action {
        /** Make a new CA and serving pair; caBundle = new CA + {@code trust}, then the Secret. */
        ISSUE,
        /** Drop CAs no replica serves any more: the Secret's {@code ca.crt} and then the caBundles become {@code trust}. */
        TRIM,
        /** The Secret is fine; the caBundles must equal its {@code ca.crt} ({@code trust}). */
        KEEP
    }

    public RotationPlan {
        trust = List.copyOf(trust);
    }

    /**
     * @param served       the Secret's serving pair, empty when absent or unusable
     * @param problem      why {@code served} is empty (for the log)
     * @param secretBundle the Secret's {@code ca.crt}
     * @param liveBundle   the caBundle the webhook configuration holds now
     * @param now          the time
     * @param overlap      how long an old CA stays trusted after the Secret got a new pair
     */
    public static RotationPlan decide(Optional<ServingKeyMaterial> served, String problem,
                                      List<X509Certificate> secretBundle, List<X509Certificate> liveBundle,
                                      Instant now, Duration overlap) {
        if (served.isEmpty()) {
            return new RotationPlan(Action.ISSUE, "the Secret holds no usable pair (" + problem + ")",
                    stillValid(liveBundle, now));
        }
        X509Certificate serving = served.get().certificate();
        Optional<X509Certificate> issuer = secretBundle.stream().filter(ca -> signed(serving, ca)).findFirst();
        if (issuer.isEmpty()) {
            return new RotationPlan(Action.ISSUE, "no CA in the Secret's ca.crt signed its tls.crt",
                    stillValid(liveBundle, now));
        }
        RenewalDecision renewal = RenewalDecision.of(serving.getNotBefore().toInstant(),
                serving.getNotAfter().toInstant(), now);
        if (renewal.due()) {
            return new RotationPlan(Action.ISSUE, "the serving certificate is due: " + renewal.reason(),
                    List.of(issuer.get()));
        }
        Instant issued = serving.getNotBefore().toInstant().plus(CertificateGenerator.CLOCK_SKEW);
        if (secretBundle.size() > 1 && !now.isBefore(issued.plus(overlap))) {
            return new RotationPlan(Action.TRIM, "the pair issued " + issued + " is served everywhere by now; the"
                    + " previous CA leaves the bundle", List.of(issuer.get()));
        }
        return new RotationPlan(Action.KEEP, renewal.reason(), secretBundle);
    }

    private static List<X509Certificate> stillValid(List<X509Certificate> cas, Instant now) {
        List<X509Certificate> valid = new ArrayList<>();
        for (X509Certificate ca : cas) {
            if (now.isBefore(ca.getNotAfter().toInstant())) {
                valid.add(ca);
            }
        }
        return valid;
    }

    static boolean signed(X509Certificate certificate, X509Certificate ca) {
        if (!certificate.getIssuerX500Principal().equals(ca.getSubjectX500Principal())) {
            return false;
        }
        try {
            certificate.verify(ca.getPublicKey());
            return true;
        } catch (java.security.GeneralSecurityException e) {
            return false;
        }
    }
}
