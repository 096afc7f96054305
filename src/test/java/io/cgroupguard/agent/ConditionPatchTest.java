package io.cgroupguard.agent;

import io.cgroupguard.nodestate.CgroupExhaustedCondition;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.zjsonpatch.JsonPatch;
import io.fabric8.zjsonpatch.JsonPatchException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The JSON Patch the agent sends, applied the RFC 6902 way (the mock server cannot answer a failed
 * {@code test} operation, so that case is checked here).
 */
class ConditionPatchTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-26T10:00:00.123Z");
    private static final CgroupCondition EXHAUSTED =
            new CgroupCondition("True", CgroupExhaustedCondition.EXHAUSTED, "65012 of 65535 memory cgroup ids in use");

    @Test
    void replacesOnlyOurEntry_whenItExists() {
        Node node = node("Ready", CgroupExhaustedCondition.TYPE, "DiskPressure");

        JsonNode patched = apply(node, ConditionPatch.build(view(node), EXHAUSTED, NOW));

        assertEquals(List.of("Ready", CgroupExhaustedCondition.TYPE, "DiskPressure"), types(patched));
        JsonNode ours = patched.at("/status/conditions/1");
        assertEquals("True", ours.get("status").asText());
        assertEquals("2026-11-26T10:00:00Z", ours.get("lastHeartbeatTime").asText());
        assertEquals("2026-11-26T10:00:00Z", ours.get("lastTransitionTime").asText());
    }

    @Test
    void appends_whenOtherConditionsExist() {
        Node node = node("Ready");

        assertEquals(List.of("Ready", CgroupExhaustedCondition.TYPE),
                types(apply(node, ConditionPatch.build(view(node), EXHAUSTED, NOW))));
    }

    @Test
    void staleIndexFailsTheTest_insteadOfReplacingAnotherCondition() {
        Node read = node("MemoryPressure", CgroupExhaustedCondition.TYPE);
        String patch = ConditionPatch.build(view(read), EXHAUSTED, NOW);
        Node now = node(CgroupExhaustedCondition.TYPE, "MemoryPressure");

        assertThrows(JsonPatchException.class, () -> apply(now, patch));
    }

    @Test
    void creatingTheListFailsTheTest_whenTheNodeChangedSinceItWasRead() {
        Node read = new NodeBuilder().withNewMetadata().withName("n").withResourceVersion("7").endMetadata()
                .withNewStatus().endStatus().build();
        String patch = ConditionPatch.build(view(read), EXHAUSTED, NOW);
        Node now = node("Ready");

        assertThrows(JsonPatchException.class, () -> apply(now, patch));
    }

    private static Node node(String... types) {
        NodeBuilder builder = new NodeBuilder().withNewMetadata().withName("n").withResourceVersion("8")
                .endMetadata();
        List<io.fabric8.kubernetes.api.model.NodeCondition> conditions = new ArrayList<>();
        for (String type : types) {
            conditions.add(new io.fabric8.kubernetes.api.model.NodeConditionBuilder().withType(type)
                    .withStatus("False").withLastTransitionTime("2026-11-01T00:00:00Z").build());
        }
        return builder.withNewStatus().withConditions(conditions).endStatus().build();
    }

    /** The node as the agent reads it: its JSON from the API server, parsed for what the patch needs. */
    private static NodeConditions view(Node node) {
        try {
            return NodeConditions.parse(JSON.writeValueAsString(node));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode apply(Node node, String patch) {
        try {
            return JsonPatch.apply(JSON.readTree(patch), JSON.valueToTree(node));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> types(JsonNode node) {
        List<String> types = new ArrayList<>();
        node.at("/status/conditions").forEach(c -> types.add(c.get("type").asText()));
        return types;
    }
}
