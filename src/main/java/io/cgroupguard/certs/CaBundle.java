package io.cgroupguard.certs;

import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;

/**
 * Trust in the certificates of a PEM CA bundle and no others: the webhook's client-certificate CA, the caBundle
 * {@code check} verifies the served certificate against, the API server's CA the agent talks to. The JDK's classes
 * only (no Bouncy Castle), since the framework-free agent loads it.
 */
public final class CaBundle {

    private CaBundle() {
    }

    /**
     * The trust managers of the bundle's certificates (one CA, or several while a CA is rotated).
     *
     * @param pem  the bundle's PEM text
     * @param what what the bundle is, for the error of an empty one (e.g. "the caBundle")
     * @throws GeneralSecurityException when it holds no certificate, which would trust nothing and fail every
     *                                  handshake with a far less telling error
     */
    public static TrustManagerFactory trustManagers(InputStream pem, String what)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        int i = 0;
        for (Certificate ca : CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
            store.setCertificateEntry("ca-" + i++, ca);
        }
        if (i == 0) {
            throw new GeneralSecurityException(what + " holds no PEM certificate");
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory;
    }
}
