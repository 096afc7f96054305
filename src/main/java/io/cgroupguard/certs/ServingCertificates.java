package io.cgroupguard.certs;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;

/**
 * Makes sure {@code serve} has a certificate to serve before Quarkus starts its HTTPS server: the files in the
 * certificate folder when they are there, else a fresh self-made CA and serving certificate written there.
 */
public final class ServingCertificates {

    private ServingCertificates() {
    }

    /** {@link #ensure(Path, Clock)} on the system clock. */
    public static String ensure(Path dir) throws IOException, GeneralSecurityException {
        return ensure(dir, Clock.systemUTC());
    }

    /**
     * Generates certificates into {@code dir} unless it already holds a serving certificate and key.
     *
     * @return a line for the log saying which source was chosen, and when the served certificate needs renewing
     */
    public static String ensure(Path dir, Clock clock) throws IOException, GeneralSecurityException {
        if (CertificateFiles.present(dir)) {
            RenewalDecision renewal = RenewalDecision.of(CertificateFiles.serving(dir), clock);
            return "TLS: serving the certificate in " + dir.toAbsolutePath() + ": "
                    + (renewal.due() ? "RENEW IT, " : "") + renewal.reason();
        }
        CertificateFiles.write(dir, new CertificateGenerator(clock).generate(CertificateSpec.defaults()));
        return "TLS: no certificate in " + dir.toAbsolutePath() + ", generated a CA and a serving certificate there"
                + " (" + CertificateFiles.CA_CERT + " is the caBundle clients must trust)";
    }
}
