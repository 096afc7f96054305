package io.cgroupguard.apiclient;

import io.cgroupguard.certs.ServingCertificates;
import io.cgroupguard.testing.FakeClock;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How the agent finds its API server: KUBERNETES_MASTER, else in-cluster; the token re-read as it rotates. */
class ApiEndpointTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    /** The service account folder as the kubelet mounts it: a token and the cluster's CA. */
    private static Path serviceAccount(Path dir) throws Exception {
        Path account = Files.createDirectories(dir.resolve("serviceaccount"));
        Files.writeString(account.resolve("token"), "token-1\n");
        ServingCertificates.ensure(dir.resolve("certs"));
        Files.copy(dir.resolve("certs/ca.crt"), account.resolve("ca.crt"));
        return account;
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(Named.of("in a pod: the service's address and port", Map.of(
                        "KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "443")), Map.of(),
                        "https://10.96.0.1:443"),
                Arguments.of(Named.of("in a pod of an IPv6 cluster: the address in brackets", Map.of(
                        "KUBERNETES_SERVICE_HOST", "fd00::1", "KUBERNETES_SERVICE_PORT", "6443")), Map.of(),
                        "https://[fd00::1]:6443"),
                Arguments.of(Named.of("KUBERNETES_MASTER wins over in-cluster", Map.of(
                        "KUBERNETES_SERVICE_HOST", "10.96.0.1", "KUBERNETES_SERVICE_PORT", "443",
                        "KUBERNETES_MASTER", "http://127.0.0.1:8001")), Map.of(), "http://127.0.0.1:8001"),
                Arguments.of(Named.of("KUBERNETES_MASTER without a scheme is https", Map.of(
                        "KUBERNETES_MASTER", "api.example:6443")), Map.of(), "https://api.example:6443"),
                Arguments.of(Named.of("the system property kubernetes.master wins over the environment", Map.of(
                        "KUBERNETES_MASTER", "http://127.0.0.1:8001")), Map.of("kubernetes.master",
                        "http://127.0.0.1:9999"), "http://127.0.0.1:9999"),
                Arguments.of(Named.of("Quarkus's api-server-url, as the agent read it before", Map.of(
                        "QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL", "http://127.0.0.1:8002")), Map.of(),
                        "http://127.0.0.1:8002"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void findsTheApiServer(Map<String, String> env, Map<String, String> properties, String server,
                           @TempDir Path dir) throws Exception {
        ApiEndpoint endpoint = ApiEndpoint.find(env, properties::get, serviceAccount(dir), new FakeClock(T0))
                .orElseThrow();

        assertEquals(server, endpoint.server().toString());
        assertEquals("token-1", endpoint.token().orElseThrow().get());
        assertTrue(endpoint.tls().isPresent(), "the service account's CA is trusted");
    }

    @Test
    void nothing_outsideAPodWithoutKubernetesMaster(@TempDir Path dir) {
        assertEquals(Optional.empty(), ApiEndpoint.find(Map.of(), key -> null, dir.resolve("absent"),
                new FakeClock(T0)));
    }

    @Test
    void nothing_inAPodWithoutAToken(@TempDir Path dir) {
        assertEquals(Optional.empty(), ApiEndpoint.find(Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1",
                "KUBERNETES_SERVICE_PORT", "443"), key -> null, dir.resolve("absent"), new FakeClock(T0)));
    }

    @Test
    void kubernetesAuthTokenWinsOverTheServiceAccountsFile(@TempDir Path dir) throws Exception {
        ApiEndpoint endpoint = ApiEndpoint.find(Map.of("KUBERNETES_MASTER", "https://api:6443",
                "KUBERNETES_AUTH_TOKEN", "given"), key -> null, serviceAccount(dir), new FakeClock(T0)).orElseThrow();

        assertEquals("given", endpoint.token().orElseThrow().get());
    }

    @Test
    void reReadsTheRotatedTokenAfterAMinute_andKeepsTheLastOneWhileTheFileIsBeingSwapped(@TempDir Path dir)
            throws Exception {
        Path account = serviceAccount(dir);
        FakeClock clock = new FakeClock(T0);
        Supplier<String> token = ApiEndpoint.find(Map.of("KUBERNETES_SERVICE_HOST", "10.96.0.1",
                "KUBERNETES_SERVICE_PORT", "443"), key -> null, account, clock).orElseThrow().token().orElseThrow();
        assertEquals("token-1", token.get());

        Files.writeString(account.resolve("token"), "token-2\n");
        clock.advance(Duration.ofSeconds(59));
        assertEquals("token-1", token.get(), "read at most once a minute");
        clock.advance(Duration.ofSeconds(1));
        assertEquals("token-2", token.get(), "the rotated token a minute later");

        Files.delete(account.resolve("token"));
        clock.advance(Duration.ofMinutes(1));
        assertEquals("token-2", token.get(), "the last token while the file is missing");
    }
}
