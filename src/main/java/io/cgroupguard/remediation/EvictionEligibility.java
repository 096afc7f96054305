package io.cgroupguard.remediation;

import io.cgroupguard.stuckpods.PodFacts;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Decides whether a stuck pod may be evicted: only pods whose controller recreates them elsewhere (ReplicaSet,
 * StatefulSet, Job), stuck longer than the grace. Never a DaemonSet's pod (it comes back on the same node), a
 * static pod's mirror (the API cannot remove it), a pod without a controller (nothing recreates it), a pod in an
 * exempt namespace or labelled {@code cgroup-guard.io/exempt=true}.
 */
public final class EvictionEligibility {

    /** Why a stuck pod is not evicted, as the metric tag. */
    public enum Skip {
        WITHIN_GRACE("within-grace"), DAEMON_SET("daemonset"), MIRROR_POD("mirror-pod"),
        NO_CONTROLLER("no-controller"), OTHER_CONTROLLER("other-controller"),
        EXEMPT_NAMESPACE("exempt-namespace"), EXEMPT_LABEL("exempt-label");

        private final String tag;

        Skip(String tag) {
            this.tag = tag;
        }

        public String tag() {
            return tag;
        }
    }

    private static final Set<String> RECREATING = Set.of("ReplicaSet", "StatefulSet", "Job");

    private EvictionEligibility() {
    }

    /**
     * Empty when the pod may be evicted now; else why not. A pod counts as stuck from the later of its binding
     * and the start of the node's exhausted state ({@code nodeSince}).
     */
    public static Optional<Skip> skip(PodFacts pod, Optional<Instant> nodeSince, Instant now, Duration grace,
                                      Set<String> exemptNamespaces) {
        if (exemptNamespaces.contains(pod.namespace())) {
            return Optional.of(Skip.EXEMPT_NAMESPACE);
        }
        if (pod.exempt()) {
            return Optional.of(Skip.EXEMPT_LABEL);
        }
        if (pod.mirror()) {
            return Optional.of(Skip.MIRROR_POD);
        }
        if (pod.owner().isEmpty()) {
            return Optional.of(Skip.NO_CONTROLLER);
        }
        String kind = pod.owner().get().kind();
        if ("DaemonSet".equals(kind)) {
            return Optional.of(Skip.DAEMON_SET);
        }
        if (!RECREATING.contains(kind)) {
            return Optional.of(Skip.OTHER_CONTROLLER);
        }
        Optional<Instant> stuckSince = pod.boundAt().map(b -> nodeSince.filter(s -> s.isAfter(b)).orElse(b));
        boolean longEnough = stuckSince.filter(s -> !s.plus(grace).isAfter(now)).isPresent();
        return longEnough ? Optional.empty() : Optional.of(Skip.WITHIN_GRACE);
    }
}
