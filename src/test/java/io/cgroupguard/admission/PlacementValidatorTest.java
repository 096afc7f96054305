package io.cgroupguard.admission;

import io.cgroupguard.config.Enforcement;

import com.fasterxml.jackson.databind.JsonNode;
import io.cgroupguard.nodestate.NodeState;
import io.cgroupguard.nodestate.NodeStateCache;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static io.cgroupguard.testing.Reviews.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PlacementValidatorTest {

    private static final NodeStateCache NODES = new NodeStateCache();

    static {
        NODES.replaceAll(List.of(
                NodeState.of("ok", Map.of("cgroup-guard.io/state", "healthy"), Map.of()),
                NodeState.of("sick", Map.of("cgroup-guard.io/state", "exhausted"),
                        Map.of("cgroup-guard.io/reason", "kubelet reported 70 failed memory cgroup creations in 15 minutes.")),
                NodeState.of("blocked", Map.of("cgroup-guard.io/override", "exhausted"), Map.of()),
                NodeState.of("trusted", Map.of("cgroup-guard.io/state", "exhausted", "cgroup-guard.io/override", "healthy"), Map.of()),
                NodeState.of("risky", Map.of("cgroup-guard.io/state", "at-risk"), Map.of())));
    }

    private final PlacementValidator validator = new PlacementValidator(AdmissionPolicy.defaults(), NODES);

    static Stream<Arguments> placements() {
        return Stream.of(
                Arguments.of("pinnedToHealthyNode_allowed", pinned("CREATE", "default", "ok", false), true),
                Arguments.of("pinnedToExhaustedNode_denied", pinned("CREATE", "default", "sick", false), false),
                Arguments.of("pinnedToNodeBlockedByOverride_denied", pinned("CREATE", "default", "blocked", false), false),
                Arguments.of("pinnedToExhaustedNodeTrustedByOverride_allowed", pinned("CREATE", "default", "trusted", false), true),
                Arguments.of("pinnedToAtRiskNode_allowed", pinned("CREATE", "default", "risky", false), true),
                Arguments.of("pinnedToUnknownNode_allowed", pinned("CREATE", "default", "never-seen", false), true),
                Arguments.of("notPinned_allowed", new AdmissionRequest(ReviewCodec.V1, "u", "Pod", "", "CREATE", "default",
                        json("{'spec':{}}")), true),
                Arguments.of("updateOnExhaustedNode_allowed", pinned("UPDATE", "default", "sick", false), true),
                Arguments.of("deleteOnExhaustedNode_allowed", pinned("DELETE", "default", "sick", false), true),
                Arguments.of("exemptNamespace_allowed", pinned("CREATE", "kube-system", "sick", false), true),
                Arguments.of("exemptLabel_allowed", pinned("CREATE", "default", "sick", true), true),
                Arguments.of("bindingToExhaustedNode_denied", binding("default", "sick"), false),
                Arguments.of("bindingToOverrideBlockedNode_denied", binding("default", "blocked"), false),
                Arguments.of("bindingToHealthyNode_allowed", binding("default", "ok"), true),
                Arguments.of("bindingInExemptNamespace_allowed", binding("cgroup-guard", "sick"), true),
                Arguments.of("otherKind_allowed", new AdmissionRequest(ReviewCodec.V1, "u", "ConfigMap", "", "CREATE",
                        "default", json("{'spec':{'nodeName':'sick'}}")), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("placements")
    void decidesPlacement(String name, AdmissionRequest request, boolean allowed) {
        AdmissionResponse response = validator.handle(request);

        assertEquals(allowed, response.allowed());
        assertEquals(allowed ? AdmissionResponse.Outcome.ALLOWED : AdmissionResponse.Outcome.DENIED, response.outcome());
    }

    @Test
    void denialNamesNodeReasonAndTheCommandThatLiftsIt() {
        String message = validator.handle(pinned("CREATE", "default", "sick", false)).message().orElseThrow();

        assertTrue(message.contains("node sick"), message);
        assertTrue(message.contains("kubelet reported 70 failed memory cgroup creations in 15 minutes"), message);
        assertTrue(message.endsWith("kubectl label node sick cgroup-guard.io/override=healthy --overwrite"), message);
    }

    @Test
    void denialByOverride_saysAnOperatorBlockedIt() {
        String message = validator.handle(binding("default", "blocked")).message().orElseThrow();

        assertTrue(message.contains("an operator set cgroup-guard.io/override=exhausted"), message);
    }

    @Test
    void warnMode_allowsWithShortWarningNamingTheNode() {
        PlacementValidator warn = new PlacementValidator(
                new AdmissionPolicy(Enforcement.WARN, Set.of(), false), NODES);

        AdmissionResponse response = warn.handle(pinned("CREATE", "default", "sick", false));

        assertTrue(response.allowed());
        assertEquals(AdmissionResponse.Outcome.WARNED, response.outcome());
        assertEquals(1, response.warnings().size());
        assertTrue(response.warnings().get(0).contains("sick"));
        assertTrue(response.warnings().get(0).length() <= AdmissionResponse.MAX_WARNING_LENGTH);
    }

    @Test
    void warningForLongNodeName_isCutTo120Characters() {
        String longName = "n".repeat(200);
        NodeStateCache nodes = new NodeStateCache();
        nodes.put(NodeState.of(longName, Map.of("cgroup-guard.io/state", "exhausted"), Map.of()));
        PlacementValidator warn = new PlacementValidator(new AdmissionPolicy(Enforcement.WARN, Set.of(), false), nodes);

        AdmissionResponse response = warn.handle(pinned("CREATE", "default", longName, false));

        assertEquals(AdmissionResponse.MAX_WARNING_LENGTH, response.warnings().get(0).length());
    }

    @Test
    void auditMode_allowsWithoutWarning() {
        PlacementValidator audit = new PlacementValidator(
                new AdmissionPolicy(Enforcement.AUDIT, Set.of(), false), NODES);

        AdmissionResponse response = audit.handle(binding("default", "sick"));

        assertTrue(response.allowed());
        assertEquals(AdmissionResponse.Outcome.AUDITED, response.outcome());
        assertTrue(response.warnings().isEmpty());
    }

    private static AdmissionRequest pinned(String operation, String namespace, String node, boolean exemptLabel) {
        JsonNode pod = json("{'metadata':{'name':'p'" + (exemptLabel ? ",'labels':{'cgroup-guard.io/exempt':'true'}" : "")
                + "},'spec':{'nodeName':'" + node + "'}}");
        return new AdmissionRequest(ReviewCodec.V1, "u", "Pod", "", operation, namespace, pod);
    }

    private static AdmissionRequest binding(String namespace, String node) {
        return new AdmissionRequest(ReviewCodec.V1, "u", "Binding", "binding", "CREATE", namespace,
                json("{'apiVersion':'v1','kind':'Binding','metadata':{'name':'p'},'target':{'kind':'Node','name':'" + node + "'}}"));
    }
}
