package io.cgroupguard.check;

import io.cgroupguard.certs.GeneratedCertificates;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.net.InetAddress;
import java.security.KeyStore;
import java.security.cert.Certificate;

/** A TLS server on loopback serving a generated certificate, answering handshakes until closed. */
final class TlsServer implements AutoCloseable {

    private final SSLServerSocket socket;
    private final Thread acceptor;

    TlsServer(GeneratedCertificates certs) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("serving", certs.servingKey(), new char[0], new Certificate[] {certs.serving(), certs.ca()});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, new char[0]);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        socket = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(0, 8, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            while (!socket.isClosed()) {
                try (SSLSocket client = (SSLSocket) socket.accept()) {
                    client.startHandshake();
                } catch (Exception e) {
                    // A client refusing the certificate ends its handshake; serve the next one.
                }
            }
        }, "tls-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return socket.getLocalPort();
    }

    @Override
    public void close() throws Exception {
        socket.close();
        acceptor.join(5_000);
    }
}
