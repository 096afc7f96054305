package io.cgroupguard.labeller;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.Test;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The production event source's wiring: one list-and-watch per kubelet reason, each with the server-side field
 * selector {@code reason=R,type=Warning}. The mock server cannot evaluate those selectors, so this test reads the
 * requests it received rather than the events it would deliver.
 */
@EnableKubernetesMockClient(crud = true)
class FieldSelectedEventSourceTest {

    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void asksTheServerForEachReasonsWarningsOnly() throws Exception {
        KubeletEventSource.Sink ignore = new KubeletEventSource.Sink() {
            @Override
            public void upsert(Event event) {
            }

            @Override
            public void delete(Event event) {
            }
        };
        try (KubeletEventSource.Running running = new FieldSelectedEventSource().start(client, ignore)) {
            running.synced().get(30, TimeUnit.SECONDS);
        }
        List<String> paths = new ArrayList<>();
        RecordedRequest request;
        while ((request = server.takeRequest(1, TimeUnit.SECONDS)) != null) {
            paths.add(URLDecoder.decode(request.getPath(), StandardCharsets.UTF_8));
        }
        Set<String> selectors = new TreeSet<>();
        for (String path : paths) {
            assertTrue(path.startsWith("/api/v1/events?"), "only cluster-wide core/v1 event calls: " + path);
            String selector = path.replaceAll(".*fieldSelector=([^&]*).*", "$1");
            selectors.add(selector);
        }
        assertEquals(Set.of("reason=Failed,type=Warning", "reason=FailedCreatePodContainer,type=Warning",
                "reason=FailedCreatePodSandBox,type=Warning"), selectors, String.join("\n", paths));
    }
}
