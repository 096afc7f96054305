package io.cgroupguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cgroupguard.nodestate.GuardKeys;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code nodes} against a cluster: the labels and annotations as written, one line per node. */
@EnableKubernetesMockClient(crud = true)
class NodesCommandClusterTest {

    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void reportsTheNodesAsLabelled() throws Exception {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("worker-2")
                .addToLabels(GuardKeys.STATE, "exhausted")
                .addToAnnotations(Map.of(GuardKeys.REASON, "kubelet reported 70 failed cgroup creations",
                        GuardKeys.SINCE, "2026-11-26T09:12:44Z"))
                .endMetadata().build()).create();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("worker-1").endMetadata().build())
                .create();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("worker-3")
                .addToLabels(GuardKeys.STATE, "healthy").addToLabels(GuardKeys.OVERRIDE, "exhausted")
                .endMetadata().build()).create();

        Map<String, String> properties = Map.of("kubernetes.master", client.getConfiguration().getMasterUrl(),
                "kubernetes.trust.certificates", "true", "kubernetes.auth.tryKubeConfig", "false",
                "kubernetes.auth.tryServiceAccount", "false");
        properties.forEach(System::setProperty);
        NodesCommandTest.Run run;
        try {
            run = NodesCommandTest.run("--output", "json");
        } finally {
            properties.keySet().forEach(System::clearProperty);
        }

        assertEquals(0, run.status(), run.err());
        JsonNode rows = new ObjectMapper().readTree(run.out());
        assertEquals(3, rows.size());
        assertEquals("worker-1", rows.get(0).get("node").asText());
        assertEquals("healthy", rows.get(0).get("state").asText());
        assertEquals("exhausted", rows.get(1).get("state").asText());
        assertEquals("kubelet reported 70 failed cgroup creations", rows.get(1).get("reason").asText());
        assertEquals("2026-11-26T09:12:44Z", rows.get(1).get("since").asText());
        assertEquals("exhausted", rows.get(2).get("state").asText(), "the override is the effective state");
        assertEquals("exhausted", rows.get(2).get("override").asText());
        assertEquals("an operator set cgroup-guard.io/override=exhausted", rows.get(2).get("reason").asText());
        assertEquals("not labelled by cgroup-guard", rows.get(0).get("reason").asText());
        assertTrue(run.err().isEmpty(), run.err());
    }
}
