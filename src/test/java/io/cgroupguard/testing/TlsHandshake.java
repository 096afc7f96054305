package io.cgroupguard.testing;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A test helper that checks a certificate the way a real client does: a TLS handshake over loopback with
 * hostname verification ({@code HTTPS} endpoint identification) against a given name, trusting only a CA.
 */
public final class TlsHandshake {

    private TlsHandshake() {
    }

    /**
     * Serves {@code chain} with {@code key} on a loopback port, connects trusting only {@code ca} while asking
     * for {@code name}, and returns normally only when the handshake and the name check succeed.
     */
    public static X509Certificate verify(X509Certificate ca, X509Certificate serving, PrivateKey key, String name)
            throws Exception {
        return verify(List.of(ca), serving, key, name);
    }

    /** As {@link #verify(X509Certificate, X509Certificate, PrivateKey, String)}, trusting a bundle of CAs. */
    public static X509Certificate verify(List<X509Certificate> cas, X509Certificate serving, PrivateKey key,
                                         String name) throws Exception {
        char[] password = "test".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("serving", key, password, new Certificate[] {serving});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, password);
        SSLContext server = SSLContext.getInstance("TLS");
        server.init(kmf.getKeyManagers(), null, null);

        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < cas.size(); i++) {
            trust.setCertificateEntry("ca" + i, cas.get(i));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext client = SSLContext.getInstance("TLS");
        client.init(null, tmf.getTrustManagers(), null);

        try (SSLServerSocket listener = (SSLServerSocket) server.getServerSocketFactory()
                .createServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (SSLSocket accepted = (SSLSocket) listener.accept()) {
                    accepted.startHandshake();
                } catch (IOException expectedWhenTheClientRejects) {
                    // The client aborts the handshake when the name does not match; nothing to do here.
                }
            });
            acceptor.start();
            try (Socket plain = new Socket(InetAddress.getLoopbackAddress(), listener.getLocalPort());
                 SSLSocket socket = (SSLSocket) client.getSocketFactory()
                         .createSocket(plain, name, listener.getLocalPort(), true)) {
                SSLParameters parameters = socket.getSSLParameters();
                parameters.setEndpointIdentificationAlgorithm("HTTPS");
                if (!Character.isDigit(name.charAt(0))) {
                    parameters.setServerNames(List.of(new SNIHostName(name)));
                }
                socket.setSSLParameters(parameters);
                socket.startHandshake();
                return (X509Certificate) socket.getSession().getPeerCertificates()[0];
            } finally {
                acceptor.join(5_000);
            }
        }
    }
}
