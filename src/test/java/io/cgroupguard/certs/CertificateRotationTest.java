package io.cgroupguard.certs;

import io.cgroupguard.testing.FakeClock;
import io.cgroupguard.labeller.Leadership;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The leader rotates the certificate while two replicas serve from the Secret and a client, trusting exactly the
 * caBundle the MutatingWebhookConfiguration holds at that moment (as the API server does), handshakes with both
 * without pause: not one handshake may fail. The Secret, the webhook configurations and the leader's writes are
 * real (fabric8 mock API server, CRUD); the replicas are the production key manager and Secret follower behind
 * loopback TLS servers, one polling fast and one slow (a replica that lags behind the rotation). The leader's clock
 * is injected: the first pair is issued 250 days in the past, so at the real time it is due for renewal.
 */
@EnableKubernetesMockClient(crud = true)
class CertificateRotationTest {

    static final String NAMESPACE = "cgroup-guard";
    static final String SECRET = "cgroup-guard-tls";
    static final String WEBHOOKS = "cgroup-guard";
    static final Duration OVERLAP = Duration.ofHours(1);

    KubernetesMockServer server;
    KubernetesClient client;
    final FakeClock clock = new FakeClock(Instant.EPOCH);
    final Leadership leadership = new Leadership();

    @BeforeEach
    void installed() {
        // What kubectl apply -k manifests/ creates: the empty Secret and both configurations without a caBundle.
        client.secrets().inNamespace(NAMESPACE).resource(new SecretBuilder().withNewMetadata().withName(SECRET)
                .withNamespace(NAMESPACE).endMetadata().withType("kubernetes.io/tls")
                .withData(Map.of(CertificateFiles.TLS_CERT, "", CertificateFiles.TLS_KEY, "")).build()).create();
        client.admissionRegistration().v1().mutatingWebhookConfigurations().resource(
                new MutatingWebhookConfigurationBuilder().withNewMetadata().withName(WEBHOOKS).endMetadata()
                        .addNewWebhook().withName("mutate.cgroup-guard.io").withNewClientConfig().withNewService()
                        .withName("cgroup-guard").withNamespace(NAMESPACE).withPath("/mutate").endService()
                        .endClientConfig().endWebhook().build()).create();
        client.admissionRegistration().v1().validatingWebhookConfigurations().resource(
                new ValidatingWebhookConfigurationBuilder().withNewMetadata().withName(WEBHOOKS).endMetadata()
                        .addNewWebhook().withName("validate.cgroup-guard.io").withNewClientConfig().withNewService()
                        .withName("cgroup-guard").withNamespace(NAMESPACE).withPath("/validate").endService()
                        .endClientConfig().endWebhook().build()).create();
        leadership.gained();
    }

    CertificateKeeper keeper() {
        return new CertificateKeeper(client, new CertificateKeeper.Target(NAMESPACE, SECRET, WEBHOOKS,
                CertificateSpec.defaults(), OVERLAP), clock);
    }

    @Test
    void rotationByTheLeader_failsNoHandshakeOnEitherReplica() throws Exception {
        CertificateKeeper keeper = keeper();
        clock.set(Instant.now().minus(Duration.ofDays(250)));
        assertEquals(RotationPlan.Action.ISSUE, keeper.reconcile(leadership).action(), "the empty Secret is filled");
        BigInteger first = servingSerial();

        try (TlsReplica fast = new TlsReplica(client, NAMESPACE, SECRET, Duration.ofMillis(100));
             TlsReplica slow = new TlsReplica(client, NAMESPACE, SECRET, Duration.ofSeconds(2))) {
            await("both replicas serve the leader's first pair", () -> serves(fast, first) && serves(slow, first));
            Handshakes handshakes = new Handshakes(List.of(fast.port(), slow.port()));
            Thread client = new Thread(handshakes, "handshakes");
            client.start();
            try {
                handshakes.awaitMore(10);
                Instant rotatedAt = Instant.now();
                clock.set(rotatedAt);
                RotationPlan rotation = keeper.reconcile(leadership);
                assertEquals(RotationPlan.Action.ISSUE, rotation.action(), rotation.reason());
                BigInteger second = servingSerial();
                assertNotEquals(first, second);
                assertEquals(2, caBundle().size(), "the old CA stays trusted through the rotation");
                await("both replicas serve the new pair", () -> serves(fast, second) && serves(slow, second));
                handshakes.awaitMore(10);

                clock.set(rotatedAt.plus(OVERLAP).minusSeconds(5));
                assertEquals(RotationPlan.Action.KEEP, keeper.reconcile(leadership).action(),
                        "the old CA left before the overlap passed");
                clock.set(rotatedAt.plus(OVERLAP));
                assertEquals(RotationPlan.Action.TRIM, keeper.reconcile(leadership).action());
                assertEquals(1, caBundle().size());
                handshakes.awaitMore(10);
            } finally {
                handshakes.stop();
                client.join();
            }
            System.out.printf("rotation across two replicas: %d handshakes, %d failed%n", handshakes.ok.get()
                    + handshakes.failed.get(), handshakes.failed.get());
            assertEquals(List.of(), handshakes.failures, "handshakes failed across the rotation");
        }
    }

    @Test
    void replicaKeepsItsPair_whenTheSecretIsEmptiedAgain_andTheLeaderTrustsItThroughTheNewIssue() throws Exception {
        CertificateKeeper keeper = keeper();
        clock.set(Instant.now());
        keeper.reconcile(leadership);
        BigInteger first = servingSerial();
        try (TlsReplica replica = new TlsReplica(client, NAMESPACE, SECRET, Duration.ofMillis(100))) {
            await("the replica serves the pair", () -> serves(replica, first));
            // kubectl apply of the base again: the Secret is empty once more.
            client.secrets().inNamespace(NAMESPACE).withName(SECRET).edit(s -> new SecretBuilder(s)
                    .withData(Map.of(CertificateFiles.TLS_CERT, "", CertificateFiles.TLS_KEY, "")).build());
            Thread.sleep(300);
            assertTrue(serves(replica, first), "an emptied Secret replaced a working pair");
            assertEquals(RotationPlan.Action.ISSUE, keeper.reconcile(leadership).action());
            assertEquals(2, caBundle().size(), "the CA still served was dropped from the caBundle");
            new Handshakes(List.of(replica.port())).once();
        }
    }

    boolean serves(TlsReplica replica, BigInteger serial) {
        return replica.keyManager.current().certificate().getSerialNumber().equals(serial);
    }

    BigInteger servingSerial() throws Exception {
        String pem = new String(Base64.getDecoder().decode(client.secrets().inNamespace(NAMESPACE).withName(SECRET)
                .get().getData().get(CertificateFiles.TLS_CERT)), StandardCharsets.US_ASCII);
        return Pem.certificates(pem).get(0).getSerialNumber();
    }

    /** The CAs the API server trusts now: the MutatingWebhookConfiguration's caBundle. */
    List<X509Certificate> caBundle() throws Exception {
        String encoded = client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(WEBHOOKS).get()
                .getWebhooks().get(0).getClientConfig().getCaBundle();
        return Pem.certificates(new String(Base64.getDecoder().decode(encoded), StandardCharsets.US_ASCII));
    }

    static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(20);
        }
    }

    /** A client that handshakes with the replicas in turn, trusting the caBundle of that moment. */
    final class Handshakes implements Runnable {
        final List<Integer> ports;
        final AtomicInteger ok = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        final List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        volatile boolean running = true;

        Handshakes(List<Integer> ports) {
            this.ports = ports;
        }

        void stop() {
            running = false;
        }

        /** Waits until {@code count} more handshakes were tried (a loaded machine makes them slow). */
        void awaitMore(int count) throws InterruptedException {
            int target = ok.get() + failed.get() + count;
            await(count + " more handshakes", () -> ok.get() + failed.get() >= target);
        }

        @Override
        public void run() {
            while (running) {
                try {
                    once();
                } catch (Exception e) {
                    failed.incrementAndGet();
                    failures.add(e.toString());
                }
            }
        }

        void once() throws Exception {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            List<X509Certificate> cas = caBundle();
            for (int i = 0; i < cas.size(); i++) {
                trust.setCertificateEntry("ca" + i, cas.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            for (int port : ports) {
                try (SSLSocket socket = (SSLSocket) context.getSocketFactory()
                        .createSocket(InetAddress.getLoopbackAddress(), port)) {
                    SSLParameters parameters = socket.getSSLParameters();
                    // The API server checks the name too: 127.0.0.1 is one of the certificate's SANs.
                    parameters.setEndpointIdentificationAlgorithm("HTTPS");
                    socket.setSSLParameters(parameters);
                    socket.startHandshake();
                    ok.incrementAndGet();
                }
            }
        }
    }
}
