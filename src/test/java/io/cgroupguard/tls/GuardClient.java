package io.cgroupguard.tls;

import io.cgroupguard.certs.CertificateFiles;
import io.cgroupguard.testing.Reviews;

import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;

/** HTTPS clients of a {@link GuardProcess}, trusting the CA the guard made in its certificate folder. */
final class GuardClient {

    private final GuardProcess guard;
    private final SSLContext tls;

    private GuardClient(GuardProcess guard, SSLContext tls) {
        this.guard = guard;
        this.tls = tls;
    }

    /** A client that presents the given certificate, or none when {@code keyManagers} is null. */
    static GuardClient of(GuardProcess guard, Path certsDir, KeyManager[] keyManagers) throws Exception {
        KeyStore trusted = KeyStore.getInstance("PKCS12");
        trusted.load(null, null);
        int i = 0;
        for (X509Certificate ca : CertificateFiles.read(certsDir.resolve(CertificateFiles.CA_CERT))) {
            trusted.setCertificateEntry("guard-ca-" + i++, ca);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers, trust.getTrustManagers(), null);
        return new GuardClient(guard, context);
    }

    /** POSTs a review of a pod pinned to a node to {@code path}. */
    HttpResponse<String> postReview(String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
        String body = Reviews.text(Reviews.podCreate(Reviews.pinnedPod("web-0", "node-a")));
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + guard.port + path))
                        .timeout(Duration.ofSeconds(20))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** GETs {@code path}. */
    HttpResponse<String> get(String path) throws Exception {
        HttpClient client = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(10)).build();
        return client.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + guard.port + path))
                .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A raw TLS connection, handshake done, on which nothing is sent yet. */
    SSLSocket handshakenSocket() throws Exception {
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("127.0.0.1", guard.port);
        socket.startHandshake();
        return socket;
    }
}
