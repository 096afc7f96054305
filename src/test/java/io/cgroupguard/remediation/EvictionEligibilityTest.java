package io.cgroupguard.remediation;

import io.cgroupguard.stuckpods.PodFacts;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static io.cgroupguard.remediation.EvictionEligibility.Skip;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Which stuck pods remediation may evict, with a fixed time and 2 minutes of grace. */
class EvictionEligibilityTest {

    static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");
    static final Optional<Instant> FLAGGED_LONG_AGO = Optional.of(NOW.minusSeconds(3600));

    static Stream<Arguments> pods() {
        return Stream.of(
                Arguments.of("replicaSetPodStuckFiveMinutes_evicted", pod("shop", "ReplicaSet", 300, false, false),
                        FLAGGED_LONG_AGO, null),
                Arguments.of("statefulSetPod_evicted", pod("shop", "StatefulSet", 300, false, false),
                        FLAGGED_LONG_AGO, null),
                Arguments.of("jobPod_evicted", pod("shop", "Job", 300, false, false), FLAGGED_LONG_AGO, null),
                Arguments.of("boundOneMinuteAgo_withinGrace", pod("shop", "ReplicaSet", 60, false, false),
                        FLAGGED_LONG_AGO, Skip.WITHIN_GRACE),
                Arguments.of("nodeFlaggedOneMinuteAgo_withinGrace", pod("shop", "ReplicaSet", 3600, false, false),
                        Optional.of(NOW.minusSeconds(60)), Skip.WITHIN_GRACE),
                Arguments.of("nodeSinceUnknown_bindingCounts", pod("shop", "ReplicaSet", 300, false, false),
                        Optional.empty(), null),
                Arguments.of("daemonSetPod_never", pod("shop", "DaemonSet", 300, false, false), FLAGGED_LONG_AGO,
                        Skip.DAEMON_SET),
                Arguments.of("barePod_never", pod("shop", null, 300, false, false), FLAGGED_LONG_AGO,
                        Skip.NO_CONTROLLER),
                Arguments.of("customController_never", pod("shop", "Rollout", 300, false, false), FLAGGED_LONG_AGO,
                        Skip.OTHER_CONTROLLER),
                Arguments.of("mirrorPod_never", pod("shop", "Node", 300, false, true), FLAGGED_LONG_AGO,
                        Skip.MIRROR_POD),
                Arguments.of("exemptNamespace_never", pod("kube-system", "ReplicaSet", 300, false, false),
                        FLAGGED_LONG_AGO, Skip.EXEMPT_NAMESPACE),
                Arguments.of("exemptLabel_never", pod("shop", "ReplicaSet", 300, true, false), FLAGGED_LONG_AGO,
                        Skip.EXEMPT_LABEL));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pods")
    void decidesEligibility(String name, PodFacts pod, Optional<Instant> nodeSince, Skip expected) {
        assertEquals(Optional.ofNullable(expected), EvictionEligibility.skip(pod, nodeSince, NOW,
                Duration.ofMinutes(2), Set.of("kube-system", "cgroup-guard")));
    }

    static PodFacts pod(String namespace, String ownerKind, long boundSecondsAgo, boolean exempt, boolean mirror) {
        return new PodFacts(namespace, "p", "u", Optional.of("w1"), "Pending", false, false,
                Optional.of(NOW.minusSeconds(boundSecondsAgo)),
                Optional.ofNullable(ownerKind).map(k -> new PodFacts.Owner(k, "owner")), exempt, mirror);
    }
}
