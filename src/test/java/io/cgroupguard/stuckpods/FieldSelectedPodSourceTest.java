package io.cgroupguard.stuckpods;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The production pod source's wiring: a cluster-wide list-and-watch of pods with the server-side field selector
 * {@code spec.nodeName=NODE}. The mock server cannot evaluate that selector, so this test reads the requests it
 * received rather than the pods it would deliver.
 */
@EnableKubernetesMockClient(crud = true)
class FieldSelectedPodSourceTest {

    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void asksTheServerForTheNodesPodsOnly() throws Exception {
        try (NodePodSource.Watch watch = new FieldSelectedPodSource().watch(client, "worker-7")) {
            List<String> paths = new ArrayList<>();
            // The informer starts in the background: wait for its list, then take what follows it.
            RecordedRequest request = server.takeRequest(20, TimeUnit.SECONDS);
            while (request != null) {
                paths.add(URLDecoder.decode(request.getPath(), StandardCharsets.UTF_8));
                request = server.takeRequest(2, TimeUnit.SECONDS);
            }
            assertFalse(paths.isEmpty(), "no request reached the server");
            for (String path : paths) {
                assertTrue(path.startsWith("/api/v1/pods?"), "only cluster-wide core/v1 pod calls: " + path);
                assertTrue(path.contains("fieldSelector=spec.nodeName=worker-7"), path);
            }
            assertTrue(watch.pods().isEmpty());
        }
    }

    @Test
    void preparesThePodDecoderOnTheCallersThreadOnce_beforeTheFirstWatch() {
        List<String> decoded = new ArrayList<>();
        KubernetesSerialization serialization = new KubernetesSerialization() {
            @Override
            public <T> T unmarshal(String json, Class<T> type) {
                decoded.add(Thread.currentThread().getName() + ":" + type.getSimpleName());
                return super.unmarshal(json, type);
            }
        };
        FieldSelectedPodSource source = new FieldSelectedPodSource();

        assertTrue(source.prepareDecoder(serialization));
        assertFalse(source.prepareDecoder(serialization), "prepared once per source");
        assertEquals(List.of(Thread.currentThread().getName() + ":PodList"), decoded);
    }

    @Test
    void theFirstWatchPreparesTheDecoder_soTheInformerFindsItBuilt() {
        FieldSelectedPodSource source = new FieldSelectedPodSource();
        try (NodePodSource.Watch watch = source.watch(client, "worker-8")) {
            assertFalse(source.prepareDecoder(client.getKubernetesSerialization()), "the watch prepared it already");
            assertTrue(watch.pods().isEmpty());
        }
    }
}
