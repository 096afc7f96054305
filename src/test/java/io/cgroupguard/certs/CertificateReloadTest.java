package io.cgroupguard.certs;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A rotated Secret reaches the running guard: once kubelet swaps the mounted files, new connections get the new
 * certificate within a reload period, no request fails meanwhile, and connections opened before keep working.
 */
@QuarkusTest
@TestProfile(SecretVolumeProfile.class)
class CertificateReloadTest {

    /** Bounds the wait: many reload periods of the test's 1 s, below the production minute. */
    private static final Duration PATIENCE = Duration.ofSeconds(45);
    /** Three of the test's reload periods. */
    private static final Duration KEEP_ASKING = Duration.ofSeconds(3);

    /** The instance's HTTPS address; its port is a free one (see {@link SecretVolumeProfile}). */
    @TestHTTPResource(value = "/", tls = true)
    URL https;

    @Test
    void servesTheRotatedCertificate_withoutRestart_orAFailedRequest() throws Exception {
        X509Certificate before = CertificateFiles.serving(SecretVolume.DIR);
        X509Certificate oldCa = CertificateFiles.read(SecretVolume.DIR.resolve(CertificateFiles.CA_CERT)).get(0);
        GeneratedCertificates rotated = new CertificateGenerator(Clock.systemUTC()).generate(CertificateSpec.defaults());
        // Clients that trust both CAs, as the webhook configurations do while a caBundle change-over is applied.
        TrustManager[] both = trusting(oldCa, rotated.ca());

        try (Connection early = Connection.open(https.getPort(), both)) {
            assertEquals(before.getSerialNumber(), early.serial(), "serves the mounted certificate at start");
            assertEquals(200, early.get("/q/health/live"));

            SecretVolume.publish(rotated);
            long swapped = System.nanoTime();
            List<String> failures = new ArrayList<>();
            BigInteger served = before.getSerialNumber();
            int requests = 0;
            Duration switched = null;
            // Past the switch too: requests keep coming for three reload periods after the swap.
            while ((!served.equals(rotated.serving().getSerialNumber())
                    || System.nanoTime() - swapped < KEEP_ASKING.toNanos())
                    && System.nanoTime() - swapped < PATIENCE.toNanos()) {
                requests++;
                try (Connection fresh = Connection.open(https.getPort(), both)) {
                    served = fresh.serial();
                    if (served.equals(rotated.serving().getSerialNumber()) && switched == null) {
                        switched = Duration.ofNanos(System.nanoTime() - swapped);
                    }
                    int status = fresh.get("/q/health/live");
                    if (status != 200) {
                        failures.add("status " + status);
                    }
                } catch (IOException e) {
                    failures.add(e.toString());
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                Thread.sleep(50);
            }

            assertEquals(rotated.serving().getSerialNumber(), served, "new certificate served within " + PATIENCE);
            assertEquals(List.of(), failures, "no request failed of " + requests);
            assertEquals(200, early.get("/q/health/live"), "a connection from before the rotation still works");
            System.out.printf("certificate reload: new certificate served %d ms after the swap; %d requests, "
                    + "0 failed%n", switched.toMillis(), requests);
        }
        try (Connection onlyNewCa = Connection.open(https.getPort(), trusting(rotated.ca()))) {
            assertEquals(rotated.serving().getSerialNumber(), onlyNewCa.serial());
        }
    }

    private static TrustManager[] trusting(X509Certificate... cas) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (int i = 0; i < cas.length; i++) {
            store.setCertificateEntry("ca" + i, cas[i]);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        return trust.getTrustManagers();
    }

    /** One keep-alive HTTPS/1.1 connection to the test instance, verifying the server as {@code localhost}. */
    private record Connection(SSLSocket socket, InputStream in) implements AutoCloseable {

        /** A full handshake each time: a context of its own, so no session is resumed with the old certificate. */
        static Connection open(int port, TrustManager[] trust) throws Exception {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust, null);
            SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket("localhost", port);
            // Generous: the build machine's two cores are shared, and a cold JVM's first handshakes are slow.
            socket.setSoTimeout(30_000);
            SSLParameters parameters = socket.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            socket.setSSLParameters(parameters);
            socket.startHandshake();
            return new Connection(socket, new BufferedInputStream(socket.getInputStream()));
        }

        BigInteger serial() throws IOException {
            return ((X509Certificate) socket.getSession().getPeerCertificates()[0]).getSerialNumber();
        }

        /** Sends a GET and reads the whole response, so the connection can carry the next one. */
        int get(String path) throws IOException {
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: localhost\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String status = line();
            int length = 0;
            for (String header = line(); !header.isEmpty(); header = line()) {
                if (header.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(header.substring(header.indexOf(':') + 1).trim());
                }
            }
            if (in.readNBytes(length).length != length) {
                throw new IOException("response body cut short");
            }
            return Integer.parseInt(status.split(" ")[1]);
        }

        private String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed by the server");
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.US_ASCII);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
