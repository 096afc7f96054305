package io.cgroupguard.agent;

import io.cgroupguard.apiclient.ApiClient;
import io.cgroupguard.apiclient.ApiEndpoint;
import io.cgroupguard.apiclient.ApiException;
import io.cgroupguard.probe.CgroupProbe;
import io.cgroupguard.probe.CgroupReadException;
import io.cgroupguard.nodestate.CgroupExhaustedCondition;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent's condition writes, through its own API client, against the fabric8 mock API server in CRUD mode
 * (plain HTTP: the client's TLS is the JDK's; what is checked here is the GET and patch).
 */
@EnableKubernetesMockClient(crud = true, https = false)
class NodeStatusWriterTest {

    static KubernetesClient client;

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final Instant T1 = Instant.parse("2026-11-26T10:05:00Z");
    private static final Instant T2 = Instant.parse("2026-11-26T10:10:00Z");

    private NodeStatusWriter writer;

    @BeforeEach
    void nodeWithKubeletConditions() {
        client.nodes().withName("node-a").delete();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-a").endMetadata()
                .withNewStatus()
                .addNewCondition().withType("MemoryPressure").withStatus("False").withReason("KubeletHasSufficientMemory")
                .endCondition()
                .addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady").endCondition()
                .endStatus().build()).create();
        writer = new NodeStatusWriter(new ApiClient(new ApiEndpoint(URI.create(client.getConfiguration().getMasterUrl()),
                Optional.empty(), Optional.empty(), "the mock API server")));
    }

    @Test
    void addsTheConditionBesideKubeletsOnes() {
        writer.write("node-a", healthy(), T0);

        List<NodeCondition> conditions = conditions();
        assertEquals(List.of("MemoryPressure", "Ready", CgroupExhaustedCondition.TYPE),
                conditions.stream().map(NodeCondition::getType).toList());
        NodeCondition ours = ours();
        assertEquals("False", ours.getStatus());
        assertEquals(CgroupExhaustedCondition.AVAILABLE, ours.getReason());
        assertEquals("2026-11-26T10:00:00Z", ours.getLastHeartbeatTime());
        assertEquals("2026-11-26T10:00:00Z", ours.getLastTransitionTime());
    }

    @Test
    void heartbeatRefreshesMessageAndKeepsTransitionTime_whenStatusHolds() {
        writer.write("node-a", healthy(), T0);
        CgroupCondition later = new CgroupCondition("False", CgroupExhaustedCondition.AVAILABLE, "90 of 65535 in use");
        writer.write("node-a", later, T1);

        NodeCondition ours = ours();
        assertEquals("90 of 65535 in use", ours.getMessage());
        assertEquals("2026-11-26T10:05:00Z", ours.getLastHeartbeatTime());
        assertEquals("2026-11-26T10:00:00Z", ours.getLastTransitionTime());
        assertEquals(3, conditions().size());
    }

    @Test
    void statusChangeMovesTransitionTime_andLeavesOtherConditionsAlone() {
        writer.write("node-a", healthy(), T0);
        writer.write("node-a", new CgroupCondition("True", CgroupExhaustedCondition.EXHAUSTED, "65012 of 65535"), T2);

        NodeCondition ours = ours();
        assertEquals("True", ours.getStatus());
        assertEquals(CgroupExhaustedCondition.EXHAUSTED, ours.getReason());
        assertEquals("2026-11-26T10:10:00Z", ours.getLastTransitionTime());
        assertEquals("KubeletReady", conditions().get(1).getReason());
    }

    @Test
    void writesUnknown_whenTheReadFailed() throws Exception {
        CgroupCondition condition;
        try {
            new CgroupProbe(Path.of("src/test/resources/hosts/broken-no-memory-hierarchy")).read(false);
            throw new AssertionError("the broken host must not read");
        } catch (CgroupReadException e) {
            condition = CgroupCondition.unreadable(e.getMessage());
        }
        writer.write("node-a", healthy(), T0);
        writer.write("node-a", condition, T1);

        NodeCondition ours = ours();
        assertEquals("Unknown", ours.getStatus());
        assertEquals(CgroupExhaustedCondition.READ_FAILED, ours.getReason());
        assertTrue(ours.getMessage().startsWith("cannot read cgroup state: no memory cgroup hierarchy under "),
                ours.getMessage());
    }

    @Test
    void createsTheList_whenTheNodeHasNoConditions() {
        client.nodes().withName("node-b").delete();
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-b").endMetadata().build()).create();

        writer.write("node-b", healthy(), T0);

        Node node = client.nodes().withName("node-b").get();
        assertEquals(List.of(CgroupExhaustedCondition.TYPE),
                node.getStatus().getConditions().stream().map(NodeCondition::getType).toList());
    }

    @Test
    void failsWithNotFound_whenTheNodeDoesNotExist() {
        ApiException e = assertThrows(ApiException.class, () -> writer.write("no-such-node", healthy(), T0));
        assertEquals(404, e.code());
    }

    private static CgroupCondition healthy() {
        return new CgroupCondition("False", CgroupExhaustedCondition.AVAILABLE, "12 of 65535 memory cgroup ids in use");
    }

    private static List<NodeCondition> conditions() {
        return client.nodes().withName("node-a").get().getStatus().getConditions();
    }

    private static NodeCondition ours() {
        return conditions().stream().filter(c -> CgroupExhaustedCondition.TYPE.equals(c.getType())).findFirst()
                .orElseThrow();
    }
}
