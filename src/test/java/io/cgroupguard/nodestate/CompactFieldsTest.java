package io.cgroupguard.nodestate;

import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The store's compact form reads as the decoded Node did, with one copy of each repeated value. */
class CompactFieldsTest {

    /** A string equal to {@code s} but not the same object, as each decoded Node has its own. */
    static String fresh(String s) {
        return new String(s.toCharArray());
    }

    static NodeCondition condition(String type, String status) {
        return new NodeConditionBuilder().withType(fresh(type)).withStatus(fresh(status)).withReason(fresh("Why"))
                .withMessage(fresh("what")).withLastHeartbeatTime(fresh("2026-11-27T10:00:00Z"))
                .withLastTransitionTime(fresh("2026-11-20T08:00:00Z")).build();
    }

    static Stream<Arguments> maps() {
        Map<String, String> withNull = new HashMap<>();
        withNull.put("kubernetes.io/os", "linux");
        withNull.put("broken", null);
        return Stream.of(
                Arguments.of("reads every label as decoded", Map.of("kubernetes.io/arch", "amd64",
                        "node-role.kubernetes.io/worker", "", GuardKeys.STATE, "exhausted"), Map.of(
                        "kubernetes.io/arch", "amd64", "node-role.kubernetes.io/worker", "", GuardKeys.STATE,
                        "exhausted")),
                Arguments.of("keeps an empty map empty", Map.of(), Map.of()),
                Arguments.of("leaves out an entry whose value is null, which get() read as absent anyway", withNull,
                        Map.of("kubernetes.io/os", "linux")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("maps")
    void compactMap(String name, Map<String, String> decoded, Map<String, String> expected) {
        assertEquals(expected, CompactFields.map(decoded));
    }

    @Test
    void sharesOneCopyOfAValueThatRepeatsAcrossNodes() {
        Map<String, String> first = CompactFields.map(new LinkedHashMap<>(Map.of("arch", fresh("amd64"))));
        Map<String, String> second = CompactFields.map(new LinkedHashMap<>(Map.of("arch", fresh("amd64"))));
        assertSame(first.get("arch"), second.get("arch"));
        assertSame(CompactFields.shared(fresh("5.15.0-91-generic")), CompactFields.shared(fresh("5.15.0-91-generic")));
    }

    @Test
    void keptMapIsImmutable_soNoConsumerChangesWhatTheOthersRead() {
        Map<String, String> kept = CompactFields.map(new LinkedHashMap<>(Map.of(GuardKeys.STATE, "healthy")));
        assertThrows(UnsupportedOperationException.class, () -> kept.put(GuardKeys.STATE, "exhausted"));
    }

    @Test
    void nullStaysNull_soAbsentReadsAsAbsent() {
        assertNull(CompactFields.map(null));
        assertNull(CompactFields.conditions(null));
        assertNull(CompactFields.taints(null));
        assertNull(CompactFields.shared(null));
    }

    static Stream<Arguments> conditions() {
        return Stream.of(
                Arguments.of("keeps Ready, which the labeller reads for when the node came up",
                        List.of(condition("Ready", "True")), List.of("Ready")),
                Arguments.of("keeps the agent's CgroupExhausted", List.of(condition(CgroupExhaustedCondition.TYPE,
                        "True")), List.of(CgroupExhaustedCondition.TYPE)),
                Arguments.of("drops the kubelet's pressure conditions, which no consumer reads",
                        List.of(condition("MemoryPressure", "False"), condition("Ready", "True"),
                                condition("DiskPressure", "False"), condition("PIDPressure", "False")),
                        List.of("Ready")),
                Arguments.of("keeps nothing of a node with no condition read", List.of(condition("NetworkUnavailable",
                        "False")), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conditions")
    void keptConditions(String name, List<NodeCondition> decoded, List<String> keptTypes) {
        assertEquals(keptTypes, CompactFields.conditions(decoded).stream().map(NodeCondition::getType).toList());
    }

    @Test
    void keptCondition_hasWhatTheLabellerReads_andNotTheHeartbeat() {
        NodeCondition kept = CompactFields.conditions(List.of(condition(CgroupExhaustedCondition.TYPE, "True")))
                .get(0);
        assertEquals(List.of("True", "Why", "what", "2026-11-20T08:00:00Z"),
                List.of(kept.getStatus(), kept.getReason(), kept.getMessage(), kept.getLastTransitionTime()));
        assertNull(kept.getLastHeartbeatTime(), "changes at every status update and nobody reads it");
    }

    @Test
    void keptTaint_readsAsDecoded() {
        Taint taint = new Taint("NoSchedule", GuardKeys.TAINT, "2026-11-20T08:00:00Z", "true");
        assertEquals(List.of(taint), CompactFields.taints(List.of(taint)));
    }
}
