package io.cgroupguard.certs;

import io.fabric8.kubernetes.client.KubernetesClient;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One guard replica's TLS side, in-process: a loopback TLS server whose key manager is the production
 * {@link ReloadingKeyManager}, fed by the production {@link SecretFollower} polling the Secret every
 * {@code period}. It starts on a temporary self-signed pair, as a replica does before the leader wrote the Secret.
 */
final class TlsReplica implements AutoCloseable {

    final ReloadingKeyManager keyManager;
    private final SSLServerSocket listener;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();

    TlsReplica(KubernetesClient client, String namespace, String secret, Duration period) throws Exception {
        GeneratedCertificates temporary = new CertificateGenerator(Clock.systemUTC()).generate(CertificateSpec.defaults());
        keyManager = new ReloadingKeyManager(new ServingKeyMaterial(temporary.servingKey(),
                List.of(temporary.serving())));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new KeyManager[] {keyManager}, null, null);
        listener = (SSLServerSocket) context.getServerSocketFactory().createServerSocket(0, 50,
                InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "tls-replica-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
        SecretFollower follower = new SecretFollower(client, namespace, secret, keyManager);
        poller.scheduleWithFixedDelay(follower::check, 0, period.toMillis(), TimeUnit.MILLISECONDS);
    }

    int port() {
        return listener.getLocalPort();
    }

    private void accept() {
        while (!listener.isClosed()) {
            try (SSLSocket socket = (SSLSocket) listener.accept()) {
                socket.startHandshake();
            } catch (IOException e) {
                // A client that rejects the certificate aborts the handshake; the client side counts it.
            }
        }
    }

    @Override
    public void close() throws IOException {
        poller.shutdownNow();
        listener.close();
    }
}
