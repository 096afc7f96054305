package io.cgroupguard.stuckpods;

import io.cgroupguard.nodestate.NodeState;
import io.fabric8.kubernetes.api.model.ContainerStateRunning;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which pods are stuck on an exhausted node, read from real-shaped Pods, with a fixed clock and 1 minute of grace. */
class StuckPodDeciderTest {

    static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    static final StuckPodDecider DECISION = new StuckPodDecider(Duration.ofMinutes(1),
            Clock.fixed(NOW, ZoneOffset.UTC));
    static final NodeState EXHAUSTED = NodeState.of("w1", Map.of("cgroup-guard.io/state", "exhausted"),
            Map.of("cgroup-guard.io/reason", "kubelet reported 3 failed cgroup creations in the last 10m"));

    static Stream<Arguments> pods() {
        return Stream.of(
                Arguments.of("pendingForFiveMinutes_stuck", pod(p -> p), EXHAUSTED, true),
                Arguments.of("runningPhaseButEveryContainerWaiting_stuck", pod(p -> p.editStatus()
                        .withPhase("Running").endStatus()), EXHAUSTED, true),
                Arguments.of("pendingWithoutContainerStatuses_stuck", pod(p -> p.editStatus()
                        .withContainerStatuses(List.of()).endStatus()), EXHAUSTED, true),
                Arguments.of("boundExactlyAGraceAgo_stuck", pod(p -> scheduled(p, NOW.minusSeconds(60))),
                        EXHAUSTED, true),
                Arguments.of("boundWithinTheGrace_notYet", pod(p -> scheduled(p, NOW.minusSeconds(59))),
                        EXHAUSTED, false),
                Arguments.of("noScheduledCondition_creationTimeCounts", pod(p -> p.editStatus()
                        .withConditions(List.of()).endStatus().editMetadata()
                        .withCreationTimestamp("2026-11-27T09:00:00Z").endMetadata()), EXHAUSTED, true),
                Arguments.of("noTimeAtAll_notStuck", pod(p -> p.editStatus().withConditions(List.of()).endStatus()),
                        EXHAUSTED, false),
                Arguments.of("aContainerRunning_notStuck", pod(p -> p.editStatus().withPhase("Running")
                        .withContainerStatuses(status(true)).endStatus()), EXHAUSTED, false),
                Arguments.of("initContainerRunning_notStuck", pod(p -> p.editStatus()
                        .withInitContainerStatuses(status(true)).endStatus()), EXHAUSTED, false),
                Arguments.of("succeeded_notStuck", pod(p -> p.editStatus().withPhase("Succeeded").endStatus()),
                        EXHAUSTED, false),
                Arguments.of("failed_notStuck", pod(p -> p.editStatus().withPhase("Failed").endStatus()),
                        EXHAUSTED, false),
                Arguments.of("beingDeleted_notStuck", pod(p -> p.editMetadata()
                        .withDeletionTimestamp("2026-11-27T09:59:00Z").endMetadata()), EXHAUSTED, false),
                Arguments.of("onAnotherNode_notStuck", pod(p -> p.editSpec().withNodeName("w2").endSpec()),
                        EXHAUSTED, false),
                Arguments.of("unbound_notStuck", pod(p -> p.editSpec().withNodeName(null).endSpec()),
                        EXHAUSTED, false),
                Arguments.of("nodeAtRisk_notStuck", pod(p -> p),
                        NodeState.of("w1", Map.of("cgroup-guard.io/state", "at-risk"), Map.of()), false),
                Arguments.of("nodeHealthy_notStuck", pod(p -> p), NodeState.of("w1", Map.of(), Map.of()), false),
                Arguments.of("nodeBlockedByOverride_stuck", pod(p -> p),
                        NodeState.of("w1", Map.of("cgroup-guard.io/override", "exhausted"), Map.of()), true),
                Arguments.of("nodeTrustedByOverride_notStuck", pod(p -> p), NodeState.of("w1",
                        Map.of("cgroup-guard.io/state", "exhausted", "cgroup-guard.io/override", "healthy"),
                        Map.of()), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pods")
    void decidesWhetherThePodIsStuck(String name, Pod pod, NodeState node, boolean stuck) {
        assertEquals(stuck, DECISION.stuck(PodFacts.of(pod), node));
    }

    /** A pod bound to w1 five minutes ago, Pending, its one container waiting, owned by a ReplicaSet. */
    static Pod pod(UnaryOperator<PodBuilder> change) {
        PodBuilder base = new PodBuilder().withNewMetadata().withNamespace("shop").withName("web-1").withUid("u1")
                .addNewOwnerReference().withKind("ReplicaSet").withName("web").withController(true)
                .endOwnerReference().endMetadata()
                .withNewSpec().withNodeName("w1").endSpec()
                .withNewStatus().withPhase("Pending")
                .addNewCondition().withType("PodScheduled").withStatus("True")
                .withLastTransitionTime("2026-11-27T09:55:00Z").endCondition()
                .withContainerStatuses(status(false)).endStatus();
        return change.apply(base).build();
    }

    static PodBuilder scheduled(PodBuilder pod, Instant at) {
        return pod.editStatus().editFirstCondition().withLastTransitionTime(at.toString()).endCondition().endStatus();
    }

    static ContainerStatus status(boolean running) {
        return new ContainerStatusBuilder().withName("app").withNewState()
                .withRunning(running ? new ContainerStateRunning("2026-11-27T09:56:00Z") : null)
                .withWaiting(running ? null : new ContainerStateWaiting(null, "ContainerCreating"))
                .endState().build();
    }
}
