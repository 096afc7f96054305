package io.cgroupguard.admission;

import io.cgroupguard.nodestate.NodeState;
import io.cgroupguard.nodestate.NodeStateCache;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static io.cgroupguard.testing.Reviews.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The denial as people meet it: never alone, but inside the wrappers of the API server (a controller's
 * {@code FailedCreate}: {@code Error creating: pods "x" is forbidden: admission webhook "..." denied the request:
 * ...}) and of the scheduler (a rejected binding's {@code FailedScheduling}: {@code binding rejected: running Bind
 * plugin "DefaultBinder": admission webhook "..." denied the request: ...}). The wrappers are composed here in
 * those formats. An events.k8s.io note holds 1024 bytes and the scheduler cuts longer messages, so the command
 * at the end of the denial must fall within them.
 */
class DenialInWrappersTest {

    static final String WEBHOOK = "validate.cgroup-guard.io";
    static final int NOTE_LIMIT = 1024;
    static final String NODE = "ip-10-0-12-34.eu-west-1.compute.internal";
    static final String EVIDENCE = "kubelet reported 14 failed cgroup creations in the last 10m (threshold 3); latest: "
            + "mkdir /sys/fs/cgroup/memory/kubepods/burstable/pod5e0f3c1a-8d3b-4b8e-9f0e-2a6d7c9b1e42: "
            + "no space left on device";

    static String failedCreate(String pod, String denial) {
        return "Error creating: pods \"" + pod + "\" is forbidden: admission webhook \"" + WEBHOOK
                + "\" denied the request: " + denial;
    }

    static String failedScheduling(String denial) {
        return "binding rejected: running Bind plugin \"DefaultBinder\": admission webhook \"" + WEBHOOK
                + "\" denied the request: " + denial;
    }

    static Stream<Arguments> wrapped() {
        List<UnaryOperator<String>> wrappers = List.of(d -> failedCreate("checkout-7d4b9c5f6-", d),
                DenialInWrappersTest::failedScheduling);
        Map<String, Map<String, String>> nodes = Map.of(
                "evidence", Map.of("cgroup-guard.io/state", "exhausted"),
                "override", Map.of("cgroup-guard.io/override", "exhausted"),
                "longAgentMessage", Map.of("cgroup-guard.io/state", "exhausted"));
        return Stream.of("FailedCreate", "FailedScheduling").flatMap(event -> nodes.keySet().stream()
                .map(node -> Arguments.of(event + "_" + node, node, nodes.get(node),
                        wrappers.get(event.equals("FailedCreate") ? 0 : 1))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrapped")
    void readsAsOneSentenceInsideTheWrapper_andKeepsTheCommandWithinANote(String name, String kind,
                                                                          Map<String, String> labels,
                                                                          UnaryOperator<String> wrapper) {
        String reason = kind.equals("longAgentMessage") ? "the node agent reports " + "65535 of 65535 ids in use; "
                .repeat(40) : EVIDENCE + ".";
        NodeStateCache cache = new NodeStateCache();
        cache.put(NodeState.of(NODE, labels, Map.of("cgroup-guard.io/reason", reason)));
        String denial = new PlacementValidator(AdmissionPolicy.defaults(), cache).handle(binding(NODE))
                .message().orElseThrow();

        String shown = wrapper.apply(denial);

        assertTrue(Character.isLowerCase(denial.charAt(0)), "continues the wrapper's sentence: " + shown);
        assertEquals(1, shown.split("denied", -1).length - 1, "says denied once: " + shown);
        assertFalse(shown.contains("\n"), "one line: " + shown);
        assertFalse(shown.replace("...", "").contains(".."), "no doubled period: " + shown);
        assertTrue(shown.endsWith("kubectl label node " + NODE + " cgroup-guard.io/override=healthy --overwrite"),
                "ends with the command, nothing to strip before pasting it: " + shown);
        assertTrue(shown.length() <= NOTE_LIMIT, shown.length() + " characters: " + shown);
        if (kind.equals("evidence")) {
            assertTrue(shown.contains("(" + EVIDENCE + ")."), "the evidence whole, in one clause: " + shown);
        }
    }

    private static AdmissionRequest binding(String node) {
        return new AdmissionRequest(ReviewCodec.V1, "u", "Binding", "binding", "CREATE", "shop",
                json("{'apiVersion':'v1','kind':'Binding','metadata':{'name':'checkout-7d4b9c5f6-x2x1z'},"
                        + "'target':{'kind':'Node','name':'" + node + "'}}"));
    }
}
