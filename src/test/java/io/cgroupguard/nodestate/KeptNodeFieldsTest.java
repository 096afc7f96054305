package io.cgroupguard.nodestate;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Node store keeps what the cache and the labeller read, and drops the rest of a Node. */
class KeptNodeFieldsTest {

    static Node full() {
        return new NodeBuilder()
                .withNewMetadata().withName("worker-1").withUid("uid-1").withResourceVersion("42")
                .withLabels(Map.of(GuardKeys.STATE, "exhausted")).withAnnotations(Map.of(GuardKeys.REASON, "why"))
                .addNewManagedField().withManager("kubelet").endManagedField().endMetadata()
                .withNewSpec().withPodCIDR("10.0.0.0/24").addNewTaint().withKey(GuardKeys.TAINT).endTaint().endSpec()
                .withNewStatus().withNewNodeInfo().withBootID("boot-1").withKernelVersion("3.10.0")
                .withOsImage("CentOS 7").endNodeInfo()
                .addNewCondition().withType("MemoryPressure").withStatus("False").endCondition()
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .addNewImage().withNames("registry.example/big:1").withSizeBytes(1L << 30).endImage().endStatus()
                .build();
    }

    static Stream<Arguments> fields() {
        return Stream.of(
                Arguments.of("keeps the name", (Function<Node, Object>) n -> n.getMetadata().getName(), "worker-1"),
                Arguments.of("keeps the uid", (Function<Node, Object>) n -> n.getMetadata().getUid(), "uid-1"),
                Arguments.of("keeps the resourceVersion", (Function<Node, Object>) n ->
                        n.getMetadata().getResourceVersion(), "42"),
                Arguments.of("keeps the labels", (Function<Node, Object>) n -> n.getMetadata().getLabels(),
                        Map.of(GuardKeys.STATE, "exhausted")),
                Arguments.of("keeps the annotations", (Function<Node, Object>) n -> n.getMetadata().getAnnotations(),
                        Map.of(GuardKeys.REASON, "why")),
                Arguments.of("keeps the taints", (Function<Node, Object>) n ->
                        n.getSpec().getTaints().get(0).getKey(), GuardKeys.TAINT),
                Arguments.of("keeps the bootID", (Function<Node, Object>) n ->
                        n.getStatus().getNodeInfo().getBootID(), "boot-1"),
                Arguments.of("keeps the kernel", (Function<Node, Object>) n ->
                        n.getStatus().getNodeInfo().getKernelVersion(), "3.10.0"),
                Arguments.of("keeps the conditions", (Function<Node, Object>) n ->
                        n.getStatus().getConditions().get(0).getType(), "Ready"),
                Arguments.of("drops the conditions no consumer reads", (Function<Node, Object>) n ->
                        n.getStatus().getConditions().size(), 1),
                Arguments.of("drops the image list", (Function<Node, Object>) n -> n.getStatus().getImages(),
                        List.of()),
                Arguments.of("drops managedFields", (Function<Node, Object>) n -> n.getMetadata().getManagedFields(),
                        List.of()),
                Arguments.of("drops the rest of nodeInfo", (Function<Node, Object>) n ->
                        String.valueOf(n.getStatus().getNodeInfo().getOsImage()), "null"),
                Arguments.of("drops the rest of the spec", (Function<Node, Object>) n ->
                        String.valueOf(n.getSpec().getPodCIDR()), "null"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fields")
    void storedNode(String name, Function<Node, Object> field, Object expected) {
        KeptNodeFields store = new KeptNodeFields();
        Node put = full();
        store.put(store.getKey(put), put);
        assertEquals(expected, field.apply(store.get("worker-1")), "read back");
        assertEquals(expected, field.apply(store.values().findFirst().orElseThrow()), "replayed");
        assertEquals(expected, field.apply(put), "the Node put, as fabric8 then hands it to the handlers");
    }

    @Test
    void nodeWithoutSpecOrStatus_isKept_andTheStoreSaysItIsReduced() {
        KeptNodeFields store = new KeptNodeFields();
        store.put("bare", new NodeBuilder().withNewMetadata().withName("bare").endMetadata().build());
        Node kept = store.get("bare");
        assertEquals("bare", kept.getMetadata().getName());
        assertTrue(kept.getSpec().getTaints() == null || kept.getSpec().getTaints().isEmpty());
        assertFalse(store.isFullState(), "a reduced store must say so, or fabric8 holds the list until its end");
    }
}
