package io.cgroupguard.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.cgroupguard.testing.Reviews;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Cluster mode on the fabric8 mock API server: node labels reach decisions through the informer, and the
 * request path makes no API call.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
class ClusterModeEndpointTest {

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    KubernetesClient applicationClient;

    @Test
    void labelledNodeDeniesPinnedPod_untilTheLabelIsRemoved_withoutApiCallsPerRequest() throws Exception {
        KubernetesClient client = server.getClient();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("worker-9")
                .addToLabels("cgroup-guard.io/state", "exhausted")
                .addToAnnotations("cgroup-guard.io/reason", "probe mkdir failed with ENOSPC")
                .endMetadata().build()).create();

        JsonNode denied = awaitAllowed(false);
        assertTrue(denied.at("/response/status/message").asText().contains("probe mkdir failed with ENOSPC"));

        int apiCallsBefore = server.getKubernetesMockServer().getRequestCount();
        for (int i = 0; i < 20; i++) {
            AdmissionEndpointTest.post("/validate", Reviews.podCreate(Reviews.pinnedPod("p" + i, "worker-9")));
            AdmissionEndpointTest.post("/mutate", Reviews.podCreate(Reviews.json("{'metadata':{'name':'p'},'spec':{}}")));
        }
        assertEquals(apiCallsBefore, server.getKubernetesMockServer().getRequestCount(),
                "admission requests are answered from the cache");

        client.nodes().withName("worker-9").edit(n -> {
            n.getMetadata().getLabels().remove("cgroup-guard.io/state");
            return n;
        });
        awaitAllowed(true);

        client.nodes().withName("worker-9").edit(n -> {
            n.getMetadata().getLabels().put("cgroup-guard.io/override", "exhausted");
            return n;
        });
        JsonNode blockedByHand = awaitAllowed(false);
        assertTrue(blockedByHand.at("/response/status/message").asText().contains("an operator set"));

        client.nodes().withName("worker-9").delete();
        awaitAllowed(true);
    }

    @Test
    void applicationClientReadsNodesWithoutTheirImages() {
        server.getClient().nodes().resource(new NodeBuilder().withNewMetadata().withName("worker-images")
                .addToLabels("cgroup-guard.io/state", "healthy").endMetadata().withNewStatus().addNewImage()
                .withNames("registry.example/big:1").withSizeBytes(1L << 30).endImage().withNewNodeInfo()
                .withKernelVersion("5.15.0").endNodeInfo().endStatus().build()).create();
        try {
            Node read = applicationClient.nodes().withName("worker-images").get();
            assertEquals("healthy", read.getMetadata().getLabels().get("cgroup-guard.io/state"));
            assertEquals("5.15.0", read.getStatus().getNodeInfo().getKernelVersion());
            assertTrue(read.getStatus().getImages().isEmpty(), "images: " + read.getStatus().getImages());
            assertTrue(read.getStatus().getAdditionalProperties().isEmpty(), "kept aside: "
                    + read.getStatus().getAdditionalProperties());
        } finally {
            server.getClient().nodes().withName("worker-images").delete();
        }
    }

    private static JsonNode awaitAllowed(boolean allowed) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(15));
        JsonNode answer;
        do {
            answer = AdmissionEndpointTest.post("/validate", Reviews.podCreate(Reviews.pinnedPod("probe", "worker-9")));
            if (answer.at("/response/allowed").asBoolean() == allowed) {
                return answer;
            }
            Thread.sleep(100);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("the decision did not become allowed=" + allowed + " within 15s: " + answer);
    }

}
