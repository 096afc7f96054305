package io.cgroupguard.agent;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** What the agent reads of a Node's JSON: the resource version, the status's presence and the conditions. */
class NodeConditionsTest {

    private static final NodeConditions.Entry READY = new NodeConditions.Entry("Ready", "True", "2026-11-01T00:00:00Z");

    static Stream<Arguments> nodes() {
        return Stream.of(
                Arguments.of(Named.of("a full node: skips labels, images and addresses, keeps conditions in order",
                        """
                        {"kind":"Node","metadata":{"name":"n","labels":{"a":"b"},"resourceVersion":"42",
                          "managedFields":[{"fieldsV1":{"f:status":{}}}]},
                         "spec":{"taints":[{"key":"k","effect":"NoSchedule"}]},
                         "status":{"images":[{"names":["x"],"sizeBytes":1}],
                           "conditions":[{"type":"Ready","status":"True","reason":"KubeletReady",
                             "lastTransitionTime":"2026-11-01T00:00:00Z","lastHeartbeatTime":"2026-11-27T00:00:00Z"},
                             {"type":"CgroupExhausted","status":"False","message":"{\\"not\\": [json]}"}],
                           "addresses":[{"type":"InternalIP","address":"10.0.0.1"}]}}
                        """), new NodeConditions("42", true, List.of(READY,
                        new NodeConditions.Entry("CgroupExhausted", "False", null)))),
                Arguments.of(Named.of("no status at all", """
                        {"metadata":{"resourceVersion":"7"},"spec":{}}
                        """), new NodeConditions("7", false, List.of())),
                Arguments.of(Named.of("a status without conditions", """
                        {"metadata":{"resourceVersion":"7"},"status":{"conditions":null,"phase":"Running"}}
                        """), new NodeConditions("7", true, List.of())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("nodes")
    void readsWhatThePatchNeeds(String json, NodeConditions expected) {
        assertEquals(expected, NodeConditions.parse(json));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("notNodes")
    void refusesWhatIsNotANode(String json) {
        assertThrows(IllegalArgumentException.class, () -> NodeConditions.parse(json));
    }

    static Stream<String> notNodes() {
        return Stream.of("[]", "{\"metadata\":", "<html>proxy error</html>");
    }
}
