package io.cgroupguard.stuckpods;

import io.cgroupguard.nodestate.NodeState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a stuck pod's Event says, and how one pod and node state keep one Event. */
class StuckPodNoticeTest {

    static final String REASON = "kubelet reported 3 failed cgroup creations in the last 10m (threshold 3); latest: "
            + "mkdir /sys/fs/cgroup/memory/kubepods/burstable/pod1: no space left on device";
    static final NodeState NODE = NodeState.of("w1", Map.of("cgroup-guard.io/state", "exhausted"),
            Map.of("cgroup-guard.io/reason", REASON + "."));
    static final Optional<Instant> SINCE = Optional.of(Instant.parse("2026-11-27T09:40:00Z"));

    static Stream<Arguments> owners() {
        return Stream.of(
                Arguments.of("replicaSetPod_deleteAndItIsRecreated", owner("ReplicaSet", "web"), "Delete it and "
                        + "its ReplicaSet web recreates it on another node: kubectl delete pod -n shop web-1"),
                Arguments.of("statefulSetPod_deleteAndItIsRecreated", owner("StatefulSet", "db"), "Delete it and "
                        + "its StatefulSet db recreates it on another node: kubectl delete pod -n shop web-1"),
                Arguments.of("barePod_nothingRecreatesIt", Optional.empty(), "Nothing recreates a pod without a "
                        + "controller: delete it and create it again elsewhere: kubectl delete pod -n shop web-1"),
                Arguments.of("daemonSetPod_deletingDoesNotHelp", owner("DaemonSet", "agent"),
                        "Its DaemonSet agent runs it on this node only, so deleting it does not help; rebooting "
                                + "the node frees the memory cgroups: kubectl drain w1 --ignore-daemonsets, then "
                                + "reboot it"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("owners")
    void namesTheNodeTheEvidenceAndWhatToDo(String name, Optional<PodFacts.Owner> owner, String advice) {
        String message = StuckPodNotice.of(pod("web-1", "u1", owner), NODE, SINCE, false).message();

        assertEquals("Node w1 has run out of memory cgroups, so this pod's containers cannot start there: " + REASON
                + ". " + advice, message);
    }

    @Test
    void remediationOn_saysThePodWillBeMoved_andHowToMoveItAtOnce() {
        String message = StuckPodNotice.of(pod("web-1", "u1", owner("ReplicaSet", "web")), NODE, SINCE, true)
                .message();

        assertTrue(message.endsWith(REASON + ". cgroup-guard will evict it (within its PodDisruptionBudget) and its "
                + "ReplicaSet web recreates it on another node; to move it at once: kubectl delete pod -n shop web-1"),
                message);
    }

    @Test
    void overrideIsNamedAsTheEvidence() {
        NodeState blocked = NodeState.of("w1", Map.of("cgroup-guard.io/override", "exhausted"), Map.of());

        String message = StuckPodNotice.of(pod("web-1", "u1", Optional.empty()), blocked, SINCE, false).message();

        assertTrue(message.contains("cannot start there: an operator set cgroup-guard.io/override=exhausted on "
                + "it. "), message);
    }

    @Test
    void oneEventPerPodAndNodeState() {
        PodFacts pod = pod("web-1", "u1", Optional.empty());
        String name = StuckPodNotice.of(pod, NODE, SINCE, false).eventName();

        assertTrue(name.startsWith("web-1."), name);
        assertEquals(name, StuckPodNotice.of(pod, NODE, SINCE, true).eventName(), "the same pod and state, the same "
                + "Event, whatever it says");
        assertNotEquals(name, StuckPodNotice.of(pod, NODE, Optional.of(Instant.parse("2026-11-28T00:00:00Z")),
                false).eventName(), "the node flagged again is a new state");
        assertNotEquals(name, StuckPodNotice.of(pod("web-1", "u2", Optional.empty()), NODE, SINCE, false).eventName(),
                "a pod recreated under the same name is a new pod");
    }

    @Test
    void longNamesAndEvidenceStayWithinTheLimits() {
        String longName = "p".repeat(253);
        NodeState verbose = NodeState.of("w1", Map.of("cgroup-guard.io/state", "exhausted"),
                Map.of("cgroup-guard.io/reason", "x".repeat(2000)));

        StuckPodNotice notice = StuckPodNotice.of(pod(longName, "u1", Optional.empty()), verbose, SINCE, false);

        assertEquals(253, notice.eventName().length());
        assertTrue(notice.message().contains("x".repeat(NodeState.MAX_QUOTED_EXPLANATION - 3) + "..."),
                notice.message());
        assertTrue(notice.message().endsWith("kubectl delete pod -n shop " + longName), "the command survives");
    }

    static Optional<PodFacts.Owner> owner(String kind, String name) {
        return Optional.of(new PodFacts.Owner(kind, name));
    }

    static PodFacts pod(String name, String uid, Optional<PodFacts.Owner> owner) {
        return new PodFacts("shop", name, uid, Optional.of("w1"), "Pending", false, false,
                Optional.of(Instant.parse("2026-11-27T09:50:00Z")), owner, false, false);
    }
}
