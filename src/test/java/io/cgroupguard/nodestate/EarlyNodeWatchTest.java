package io.cgroupguard.nodestate;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Node watch Main starts before Quarkus: only when Quarkus's client would be configured the same, and once
 * started, the cache it fills and the client it uses are the application's.
 */
@EnableKubernetesMockClient(crud = true)
class EarlyNodeWatchTest {

    KubernetesMockServer server;
    KubernetesClient client;

    @AfterEach
    void forgetTheWatch() {
        EarlyNodeWatch.current().ifPresent(watch -> watch.watcher().close());
        EarlyNodeWatch.client().ifPresent(KubernetesClient::close);
        EarlyNodeWatch.forget();
    }

    static Stream<Arguments> settings() {
        return Stream.of(
                Arguments.of("startsEarly_whenNothingConfiguresTheClient", List.of(), Map.of(), "", true),
                Arguments.of("startsEarly_whenOnlyTheApiServerUrlIsSetAsEnv", List.of(),
                        Map.of("QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL", "https://10.0.0.1"), "", true),
                Arguments.of("startsEarly_whenOnlyTheApiServerUrlIsSetAsProperty",
                        List.of("quarkus.kubernetes-client.api-server-url"), Map.of(), "", true),
                Arguments.of("startsEarly_whenFabric8sOwnSettingsAreSet", List.of("kubernetes.master"),
                        Map.of("KUBERNETES_MASTER", "http://127.0.0.1:1", "KUBECONFIG", "/kube"), "", true),
                Arguments.of("waits_whenAnotherClientSettingIsSetAsEnv", List.of(),
                        Map.of("QUARKUS_KUBERNETES_CLIENT_TRUST_CERTS", "true"), "", false),
                Arguments.of("waits_whenAnotherClientSettingIsSetAsProperty",
                        List.of("quarkus.kubernetes-client.namespace"), Map.of(), "", false),
                Arguments.of("waits_whenTrustAllIsSetAsEnv", List.of(), Map.of("QUARKUS_TLS_TRUST_ALL", "true"), "",
                        false),
                Arguments.of("waits_whenTrustAllIsSetAsProperty", List.of("quarkus.tls.trust-all"), Map.of(), "",
                        false),
                Arguments.of("waits_whenAConfigFileMainDoesNotReadExists", List.of(), Map.of(),
                        "config/application.properties", false),
                Arguments.of("waits_whenADotEnvFileExists", List.of(), Map.of(), ".env", false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void startsOnlyWhenQuarkusWouldConfigureTheSameClient(String name, List<String> properties,
                                                          Map<String, String> env, String file, boolean early,
                                                          @TempDir Path workDir) throws Exception {
        if (!file.isEmpty()) {
            Files.createDirectories(workDir.resolve(file).getParent());
            Files.writeString(workDir.resolve(file), "");
        }
        assertEquals(early, EarlyNodeWatch.applies(properties, env, workDir));
    }

    @Test
    void fillsTheCacheNodeSourcesServes_andLendsItsClientToTheApplication() throws Exception {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("worker-1")
                .addToLabels(GuardKeys.STATE, "exhausted").endMetadata().build()).create();
        EarlyNodeWatch.begin(client::getConfiguration);
        EarlyNodeWatch watch = EarlyNodeWatch.current().orElseThrow();
        watch.watcher().synced().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertTrue(watch.cache().synced());
        assertTrue(watch.cache().get("worker-1").orElseThrow().exhausted());

        KubernetesClient shared = new SharedClient().client(client.getConfiguration(), new KubernetesSerialization());
        assertSame(EarlyNodeWatch.client().orElseThrow(), shared, "one client for the application");
        assertEquals(1, shared.nodes().list().getItems().size());
    }

    @Test
    void applicationMakesItsOwnClient_whenNoWatchStartedEarly() {
        KubernetesClient shared = new SharedClient().client(client.getConfiguration(), new KubernetesSerialization());
        try {
            assertNotSame(client, shared);
            assertTrue(EarlyNodeWatch.client().isEmpty());
            assertEquals(client.getConfiguration().getMasterUrl(), shared.getConfiguration().getMasterUrl());
        } finally {
            shared.close();
        }
    }
}
