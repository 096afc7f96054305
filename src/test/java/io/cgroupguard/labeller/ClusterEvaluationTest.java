package io.cgroupguard.labeller;

import io.cgroupguard.nodestate.NodeRisk;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClusterEvaluationTest {

    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    static final String ENOSPC = "mkdir /sys/fs/cgroup/memory/kubepods/burstable/pod1: no space left on device";

    static Node node(String name, String bootId) {
        return new NodeBuilder().withNewMetadata().withName(name).withUid(name + "-uid").endMetadata()
                .withNewStatus().withNewNodeInfo().withBootID(bootId).withKernelVersion("5.15.0-91-generic")
                .endNodeInfo().endStatus().build();
    }

    static Event event(String name, String reason, String host, String message, int count, Instant last) {
        EventBuilder b = new EventBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withType("Warning").withReason(reason).withMessage(message).withCount(count)
                .withLastTimestamp(last.toString())
                .withNewInvolvedObject().withKind("Pod").withNamespace("default").withName("pod-" + name)
                .endInvolvedObject();
        if (host != null) {
            b.withNewSource().withComponent("kubelet").withHost(host).endSource();
        }
        return b.build();
    }

    static ClusterEvaluation evaluation(PodNodeLookup pods, Node... nodes) {
        ClusterEvaluation evaluation = new ClusterEvaluation(LabellerSettings.defaults(), pods);
        for (Node n : nodes) {
            evaluation.putNode(NodeFacts.of(n), NOW);
        }
        return evaluation;
    }

    @Test
    void anEventChangesOnlyItsOwnNode() {
        ClusterEvaluation evaluation = evaluation(PodNodeLookup.NONE, node("a", "b1"), node("b", "b1"));
        assertEquals(List.of("a"), evaluation.putEvent(event("e1", "FailedCreatePodContainer", "a", ENOSPC, 5,
                NOW)));
        assertEquals(NodeRisk.EXHAUSTED, evaluation.decide("a", NOW).orElseThrow().state());
        assertEquals(NodeRisk.HEALTHY, evaluation.decide("b", NOW).orElseThrow().state());
    }

    @Test
    void anUpdatedCountReplacesTheOldOneAndADeleteRemovesIt() {
        ClusterEvaluation evaluation = evaluation(PodNodeLookup.NONE, node("a", "b1"));
        evaluation.putEvent(event("e1", "Failed", "a", ENOSPC, 1, NOW));
        evaluation.putEvent(event("e1", "Failed", "a", ENOSPC, 2, NOW));
        assertEquals(NodeRisk.HEALTHY, evaluation.decide("a", NOW).orElseThrow().state());
        evaluation.putEvent(event("e1", "Failed", "a", ENOSPC, 3, NOW));
        assertEquals(NodeRisk.EXHAUSTED, evaluation.decide("a", NOW).orElseThrow().state());
        assertEquals(List.of("a"), evaluation.removeEvent("default/e1"));
        assertEquals(0, evaluation.evidenceCount());
    }

    @Test
    void ignoresOtherReasonsNormalEventsAndFullDisks() {
        ClusterEvaluation evaluation = evaluation(PodNodeLookup.NONE, node("a", "b1"));
        evaluation.putEvent(event("e1", "BackOff", "a", ENOSPC, 9, NOW));
        evaluation.putEvent(event("e2", "Failed", "a", "write /var/lib/docker/tmp/x: no space left on device", 9,
                NOW));
        Event normal = event("e3", "Failed", "a", ENOSPC, 9, NOW);
        normal.setType("Normal");
        evaluation.putEvent(normal);
        assertEquals(0, evaluation.evidenceCount());
    }

    @Test
    void findsTheNodeFromReportingInstanceThenFromThePod() {
        ClusterEvaluation evaluation = evaluation((ns, pod) -> pod.equals("pod-e2") ? Optional.of("b")
                : Optional.empty(), node("a", "b1"), node("b", "b1"), node("c", "b1"));
        Event byInstance = event("e1", "Failed", null, ENOSPC, 3, NOW);
        byInstance.setReportingInstance("a");
        assertEquals(List.of("a"), evaluation.putEvent(byInstance));
        assertEquals(List.of("b"), evaluation.putEvent(event("e2", "Failed", null, ENOSPC, 3, NOW)));
        assertEquals(List.of(), evaluation.putEvent(event("e3", "Failed", null, ENOSPC, 3, NOW)));
        assertEquals(1, evaluation.unattributedCount());
    }

    @Test
    void aBootIdChangeSeenLiveVoidsEarlierEvidence() {
        ClusterEvaluation evaluation = evaluation(PodNodeLookup.NONE, node("a", "b1"));
        evaluation.putEvent(event("e1", "Failed", "a", ENOSPC, 70, NOW.minusSeconds(60)));
        evaluation.putNode(NodeFacts.of(node("a", "b2")), NOW);
        assertEquals(NodeRisk.HEALTHY, evaluation.decide("a", NOW).orElseThrow().state());
        evaluation.putEvent(event("e2", "Failed", "a", ENOSPC, 3, NOW.plusSeconds(5)));
        assertEquals(NodeRisk.EXHAUSTED, evaluation.decide("a", NOW.plusSeconds(10)).orElseThrow().state());
    }

    @Test
    void decidesEveryNodeInNameOrder() {
        ClusterEvaluation evaluation = evaluation(PodNodeLookup.NONE, node("c", "1"), node("a", "1"), node("b", "1"));
        assertEquals(List.of("a", "b", "c"), evaluation.decideAll(NOW).stream().map(Decision::node).toList());
        assertTrue(evaluation.decide("missing", NOW).isEmpty());
    }
}
