package io.cgroupguard.stuckpods;

import io.cgroupguard.nodestate.NodeState;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Decides whether a pod is stuck (a yes or no; what is said about a stuck pod is a {@link StuckPodNotice}) on an exhausted node: bound to a node whose effective state (override applied)
 * is exhausted, not on its way out, not finished, and with no container running (still {@code Pending}, or
 * every container waiting), for longer than a short grace. The grace lets kubelet start the pods it still can,
 * and spares a pod placed a moment before its node was flagged.
 */
public final class StuckPodDecider {

    private final Duration grace;
    private final Clock clock;

    public StuckPodDecider(Duration grace, Clock clock) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative, got " + grace);
        }
        this.grace = grace;
        this.clock = clock;
    }

    /** True when the pod is stuck on this node now. */
    public boolean stuck(PodFacts pod, NodeState node) {
        if (!node.exhausted() || !pod.node().filter(node.name()::equals).isPresent() || pod.deleting()) {
            return false;
        }
        if (pod.running() || "Succeeded".equals(pod.phase()) || "Failed".equals(pod.phase())) {
            return false;
        }
        Instant now = clock.instant();
        return pod.boundAt().filter(bound -> !bound.plus(grace).isAfter(now)).isPresent();
    }
}
