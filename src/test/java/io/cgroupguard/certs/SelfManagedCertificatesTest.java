package io.cgroupguard.certs;

import io.cgroupguard.labeller.LeaderGauge;
import io.cgroupguard.testing.Https;
import io.cgroupguard.testing.Management;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code serve} in cluster mode with self-managed certificates, as installed: the elected leader fills the empty
 * Secret and both caBundles, and the HTTPS server, which booted on a temporary certificate, then serves the
 * Secret's pair, which a client trusting only the caBundle accepts. The metrics say when it expires and who leads.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(SelfManagedCertificatesTest.Profile.class)
class SelfManagedCertificatesTest {

    /** Self-managed on, checked often. */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cgroup-guard.certificates.self-managed", "true",
                    "cgroup-guard.certificates.check-period", "1s",
                    "cgroup-guard.tls.reload-period", "500ms");
        }
    }

    @KubernetesTestServer
    KubernetesServer server;

    @Test
    void leaderFillsSecretAndCaBundles_andTheServerServesThePairTheCaBundleTrusts() throws Exception {
        KubernetesClient client = server.getClient();
        client.admissionRegistration().v1().mutatingWebhookConfigurations().resource(
                new MutatingWebhookConfigurationBuilder().withNewMetadata().withName("cgroup-guard").endMetadata()
                        .addNewWebhook().withName("mutate.cgroup-guard.io").withNewClientConfig().endClientConfig()
                        .endWebhook().build()).create();
        client.admissionRegistration().v1().validatingWebhookConfigurations().resource(
                new ValidatingWebhookConfigurationBuilder().withNewMetadata().withName("cgroup-guard").endMetadata()
                        .addNewWebhook().withName("validate.cgroup-guard.io").withNewClientConfig().endClientConfig()
                        .endWebhook().build()).create();

        await("the leader writes the caBundle of both configurations", () -> caBundle(client) != null
                && client.admissionRegistration().v1().validatingWebhookConfigurations().withName("cgroup-guard")
                .get().getWebhooks().get(0).getClientConfig().getCaBundle() != null);
        List<X509Certificate> trusted = Pem.certificates(new String(Base64.getDecoder().decode(caBundle(client)),
                StandardCharsets.US_ASCII));
        X509Certificate inSecret = Pem.certificates(new String(Base64.getDecoder().decode(client.secrets()
                .inNamespace("cgroup-guard").withName("cgroup-guard-tls").get().getData().get("tls.crt")),
                StandardCharsets.US_ASCII)).get(0);

        HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(trusted)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("https://localhost:" + Https.port() + "/q/health/live"))
                .build();
        await("the server serves the Secret's pair", () -> {
            try {
                trusting.send(health, HttpResponse.BodyHandlers.ofString());
                return true;
            } catch (Exception handshakeRefused) {
                return false;
            }
        });
        String metrics = Management.metrics();
        assertEquals(inSecret.getNotAfter().getTime() / 1000.0, gauge(metrics, ReloadingKeyStoreProvider.EXPIRY_GAUGE),
                "the expiry gauge is not the Secret certificate's notAfter");
        assertEquals(1.0, gauge(metrics, LeaderGauge.NAME), "the only replica does not lead");
    }

    private static double gauge(String metrics, String name) {
        return metrics.lines().filter(l -> l.startsWith(name + " ")).findFirst()
                .map(l -> Double.parseDouble(l.substring(name.length() + 1).trim()))
                .orElseThrow(() -> new AssertionError("no " + name + " in /q/metrics"));
    }

    private static String caBundle(KubernetesClient client) {
        return client.admissionRegistration().v1().mutatingWebhookConfigurations().withName("cgroup-guard").get()
                .getWebhooks().get(0).getClientConfig().getCaBundle();
    }

    private static SSLContext trusting(List<X509Certificate> cas) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (int i = 0; i < cas.size(); i++) {
            store.setCertificateEntry("ca" + i, cas.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }
}
