package io.cgroupguard.check;

import io.cgroupguard.certs.CaBundle;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Whether the certificate the webhook serves is one the API server accepts: a TLS handshake that trusts only the
 * webhook configuration's {@code caBundle} and verifies the certificate for the name the API server dials,
 * {@code <service>.<namespace>.svc} (the API server sets that name as SNI and checks it against the SANs).
 * The TCP connection may go elsewhere (a port-forward on localhost): the name checked stays the Service's.
 */
public final class ServingCertificateCheck {

    static final String NAME = "serving-certificate";
    private static final int TIMEOUT_MILLIS = 5_000;

    private ServingCertificateCheck() {
    }

    /**
     * @param caBundle    the PEM CA certificates of the webhook configuration
     * @param serviceName the name the API server uses, e.g. {@code cgroup-guard.cgroup-guard.svc}
     * @param host        where to connect (the Service's name in a cluster, or a port-forward's localhost)
     */
    public static CheckResult check(byte[] caBundle, String serviceName, String host, int port) {
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, trust(caBundle).getTrustManagers(), null);
            try (Socket raw = new Socket()) {
                raw.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
                raw.setSoTimeout(TIMEOUT_MILLIS);
                // Layering on a connected socket with the Service's name: SNI and hostname verification use that
                // name, whatever address the bytes travel to.
                try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(raw, serviceName, port, false)) {
                    SSLParameters parameters = socket.getSSLParameters();
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    parameters.setServerNames(List.of(new SNIHostName(serviceName)));
                    socket.setSSLParameters(parameters);
                    socket.startHandshake();
                    X509Certificate served = (X509Certificate) socket.getSession().getPeerCertificates()[0];
                    return CheckResult.pass(NAME, "the caBundle verifies the certificate served at " + host + ":"
                            + port + " for " + serviceName + " (valid until " + served.getNotAfter().toInstant() + ")");
                }
            }
        } catch (Exception e) {
            return CheckResult.fail(NAME, "the certificate served at " + host + ":" + port + " does not verify for "
                    + serviceName + " against the webhook configuration's caBundle: " + e.getMessage());
        }
    }

    private static TrustManagerFactory trust(byte[] caBundle) throws Exception {
        return CaBundle.trustManagers(new ByteArrayInputStream(caBundle), "the caBundle");
    }
}
