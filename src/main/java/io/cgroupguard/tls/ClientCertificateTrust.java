package io.cgroupguard.tls;

import io.cgroupguard.certs.CaBundle;
import org.jboss.logging.Logger;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;

/**
 * The trust manager that checks client certificates on the webhook port: the JDK's PKIX validation against the
 * CA file's certificates, with a WARN line for every certificate it refuses (who connected, what it presented,
 * why it failed), since the JDK itself only tells the client.
 */
public final class ClientCertificateTrust extends X509ExtendedTrustManager {

    private static final Logger LOG = Logger.getLogger(ClientCertificateTrust.class);

    private final X509ExtendedTrustManager pkix;

    private ClientCertificateTrust(X509ExtendedTrustManager pkix) {
        this.pkix = pkix;
    }

    /** Trusts the certificates of a PEM file (one CA, or several while a CA is being rotated). */
    public static ClientCertificateTrust fromPem(Path caFile) throws IOException, GeneralSecurityException {
        TrustManagerFactory factory;
        try (InputStream in = Files.newInputStream(caFile)) {
            factory = CaBundle.trustManagers(in, "the file");
        }
        for (var manager : factory.getTrustManagers()) {
            if (manager instanceof X509ExtendedTrustManager x509) {
                return new ClientCertificateTrust(x509);
            }
        }
        throw new GeneralSecurityException("the JDK offers no X.509 trust manager");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        try {
            pkix.checkClientTrusted(chain, authType, engine);
        } catch (CertificateException e) {
            refused(engine == null ? "?" : engine.getPeerHost() + ":" + engine.getPeerPort(), chain, e);
            throw e;
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        try {
            pkix.checkClientTrusted(chain, authType, socket);
        } catch (CertificateException e) {
            refused(socket == null ? "?" : String.valueOf(socket.getRemoteSocketAddress()), chain, e);
            throw e;
        }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        try {
            pkix.checkClientTrusted(chain, authType);
        } catch (CertificateException e) {
            refused("?", chain, e);
            throw e;
        }
    }

    /** The issuers named in the handshake's certificate request, so a client picks the certificate they signed. */
    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return pkix.getAcceptedIssuers();
    }

    // This trust manager sits on a server; it never judges a server's certificate.
    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
            throws CertificateException {
        throw new CertificateException("the webhook's client-certificate trust does not check servers");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
            throws CertificateException {
        throw new CertificateException("the webhook's client-certificate trust does not check servers");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("the webhook's client-certificate trust does not check servers");
    }

    private static void refused(String peer, X509Certificate[] chain, CertificateException e) {
        X509Certificate leaf = chain == null || chain.length == 0 ? null : chain[0];
        LOG.warnf("TLS: refused the client certificate of %s (subject \"%s\", issuer \"%s\"): %s", peer,
                leaf == null ? "none" : leaf.getSubjectX500Principal().getName(),
                leaf == null ? "none" : leaf.getIssuerX500Principal().getName(), e.getMessage());
    }
}
