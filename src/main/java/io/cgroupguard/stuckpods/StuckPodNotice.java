package io.cgroupguard.stuckpods;

import io.cgroupguard.nodestate.NodeState;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * The Event that tells a stuck pod's owner what is wrong and what to do, worked out before any I/O: reason
 * {@value #REASON}, one per pod and node state. The Event's name is derived from the pod's uid, the node and the
 * time its exhausted state began, so a later sweep, or the next leader, finds the same Event and raises its
 * count instead of adding another.
 *
 * @param eventName the Event's name, in the pod's namespace
 * @param message   the node, the evidence in one sentence, and what to do, with the command that does it
 */
public record StuckPodNotice(String eventName, String message) {

    public static final String REASON = "CgroupExhaustedNode";
    private static final int MAX_NAME = 253;

    /**
     * The notice for a pod stuck on {@code node}, whose exhausted state began at {@code since}; {@code moved}
     * when remediation will evict it, so the message says what will happen rather than what to do.
     */
    public static StuckPodNotice of(PodFacts pod, NodeState node, Optional<Instant> since, boolean moved) {
        String identity = pod.uid() + "/" + node.name() + "/" + since.map(Instant::toString).orElse("");
        String suffix = "." + Long.toHexString(UUID.nameUUIDFromBytes(identity.getBytes(StandardCharsets.UTF_8))
                .getMostSignificantBits());
        String prefix = pod.name().length() + suffix.length() > MAX_NAME
                ? pod.name().substring(0, MAX_NAME - suffix.length()) : pod.name();
        return new StuckPodNotice(prefix + suffix, message(pod, node, moved));
    }

    static String message(PodFacts pod, NodeState node, boolean moved) {
        return "Node " + node.name() + " has run out of memory cgroups, so this pod's containers cannot start there: "
                + node.quotedExplanation() + ". " + advice(pod, node.name(), moved);
    }

    private static String advice(PodFacts pod, String node, boolean moved) {
        String delete = "kubectl delete pod -n " + pod.namespace() + " " + pod.name();
        if (moved && pod.owner().isPresent()) {
            return "cgroup-guard will evict it (within its PodDisruptionBudget) and its " + pod.owner().get().kind()
                    + " " + pod.owner().get().name() + " recreates it on another node; to move it at once: " + delete;
        }
        if (pod.owner().isEmpty()) {
            return "Nothing recreates a pod without a controller: delete it and create it again "
                    + "elsewhere: " + delete;
        }
        PodFacts.Owner owner = pod.owner().get();
        if ("DaemonSet".equals(owner.kind())) {
            // A DaemonSet recreates its pod on the same node: deleting it only restarts the loop.
            return "Its DaemonSet " + owner.name() + " runs it on this node only, so deleting it does not help; "
                    + "rebooting the node frees the memory cgroups: kubectl drain " + node
                    + " --ignore-daemonsets, then reboot it";
        }
        return "Delete it and its " + owner.kind() + " " + owner.name() + " recreates it on another node: " + delete;
    }
}
