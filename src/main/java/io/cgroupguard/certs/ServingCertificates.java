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

    /**
     * Generates certificates into {@code dir} unless it already holds a serving certificate and key.
     *
     * @return a line for the log saying which source was chosen
     */
    public static String ensure(Path dir) throws IOException, GeneralSecurityException {
        if (CertificateFiles.present(dir)) {
            return "TLS: serving the certificate in " + dir.toAbsolutePath();
        }
        CertificateFiles.write(dir, new CertificateGenerator(Clock.systemUTC()).generate(CertificateSpec.defaults()));
        return "TLS: no certificate in " + dir.toAbsolutePath() + ", generated a CA and a serving certificate there"
                + " (" + CertificateFiles.CA_CERT + " is the caBundle clients must trust)";
    }
}
