package io.cgroupguard.labeller;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The kubelet evidence the labeller holds, per node: only events that report failed cgroup creations, each as a
 * small {@link Occurrence}, so the leader keeps a few dozen bytes per event and never a whole Event.
 *
 * <p>Updated one event at a time (an informer's add, update or delete) and read one node at a time, so handling
 * an event costs the same in a cluster of 5 or 5,000 nodes.
 */
final class EvidenceStore {

    private final Map<String, PerNode> byNode = new HashMap<>();
    private final Map<String, String> nodeOfEvent = new HashMap<>();

    /**
     * Records (or replaces) an event's occurrence against a node; returns the nodes whose evidence changed
     * (two when an event moved from one node to another, which only a changed source can cause).
     */
    synchronized List<String> record(String eventKey, String node, Occurrence occurrence) {
        String previous = nodeOfEvent.put(eventKey, node);
        if (previous != null && !previous.equals(node)) {
            forget(previous, eventKey);
            byNode.computeIfAbsent(node, n -> new PerNode()).events.put(eventKey, occurrence);
            return List.of(previous, node);
        }
        byNode.computeIfAbsent(node, n -> new PerNode()).events.put(eventKey, occurrence);
        return List.of(node);
    }

    /** Drops an event (deleted, or no longer evidence); returns the node it counted against. */
    synchronized Optional<String> remove(String eventKey) {
        String node = nodeOfEvent.remove(eventKey);
        if (node != null) {
            forget(node, eventKey);
        }
        return Optional.ofNullable(node);
    }

    /** Voids the node's evidence from before {@code at}: the labeller saw its bootID change then. */
    synchronized void rebooted(String node, Instant at) {
        PerNode perNode = byNode.computeIfAbsent(node, n -> new PerNode());
        perNode.bootSeenAt = at;
        perNode.events.entrySet().removeIf(e -> {
            boolean stale = e.getValue().lastSeen().isBefore(at);
            if (stale) {
                nodeOfEvent.remove(e.getKey());
            }
            return stale;
        });
    }

    /** The node's evidence now, as an immutable snapshot. */
    synchronized NodeEvidence evidence(String node) {
        PerNode perNode = byNode.get(node);
        if (perNode == null) {
            return NodeEvidence.NONE;
        }
        return new NodeEvidence(List.copyOf(perNode.events.values()), Optional.ofNullable(perNode.bootSeenAt));
    }

    /** Forgets a deleted node's reboot mark; its events go when their own deletes arrive. */
    synchronized void forgetNode(String node) {
        PerNode perNode = byNode.get(node);
        if (perNode != null) {
            perNode.bootSeenAt = null;
            if (perNode.events.isEmpty()) {
                byNode.remove(node);
            }
        }
    }

    /** How many evidence events are held. */
    synchronized int size() {
        return nodeOfEvent.size();
    }

    private void forget(String node, String eventKey) {
        PerNode perNode = byNode.get(node);
        if (perNode != null) {
            perNode.events.remove(eventKey);
            if (perNode.events.isEmpty() && perNode.bootSeenAt == null) {
                byNode.remove(node);
            }
        }
    }

    private static final class PerNode {
        private final Map<String, Occurrence> events = new HashMap<>(4);
        private Instant bootSeenAt;
    }
}
