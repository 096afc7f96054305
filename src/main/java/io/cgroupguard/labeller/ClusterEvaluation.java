package io.cgroupguard.labeller;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Nodes and their kubelet evidence, and the decision for each: the one implementation behind both the live
 * labeller (fed one informer notification at a time) and the offline {@code nodes} report (fed two files).
 *
 * <p>Updates are incremental: a node or an event changes one entry and names the nodes to decide again, so the
 * live labeller never rescans the cluster for one event.
 */
public final class ClusterEvaluation {

    private final LabelDecider decision;
    private final PodNodeLookup pods;
    private final Map<String, NodeFacts> nodes = new ConcurrentHashMap<>();
    private final EvidenceStore evidence = new EvidenceStore();
    private final AtomicLong unattributed = new AtomicLong();

    public ClusterEvaluation(LabellerSettings settings, PodNodeLookup pods) {
        this.decision = new LabelDecider(settings);
        this.pods = pods;
    }

    /** A snapshot evaluation: the nodes and events as two {@code kubectl get -o yaml} outputs would give them. */
    public static ClusterEvaluation of(List<Node> nodes, List<Event> events, LabellerSettings settings) {
        ClusterEvaluation evaluation = new ClusterEvaluation(settings, PodNodeLookup.NONE);
        Instant now = Instant.now();
        nodes.forEach(n -> evaluation.putNode(NodeFacts.of(n), now));
        events.forEach(evaluation::putEvent);
        return evaluation;
    }

    /**
     * Adds or updates a node. A changed bootID voids the evidence gathered before {@code now}: the node
     * rebooted, and a reboot is the one thing that clears a leak.
     */
    public void putNode(NodeFacts facts, Instant now) {
        NodeFacts previous = nodes.put(facts.name(), facts);
        if (previous != null && !previous.bootId().equals(facts.bootId())
                && !NodeFacts.UNKNOWN_BOOT.equals(previous.bootId())) {
            evidence.rebooted(facts.name(), now);
        }
    }

    /**
     * Records the copy of a node that a write returned, unless a newer copy came in meanwhile: the writer's
     * copy is only newer than {@code planned}, the copy it was planned from, and must never replace what the
     * informer delivered since (a reboot, a label a person set).
     */
    public void putWrittenNode(NodeFacts planned, NodeFacts written) {
        nodes.replace(written.name(), planned, written);
    }

    public void removeNode(String name) {
        nodes.remove(name);
        evidence.forgetNode(name);
    }

    /**
     * Takes an event in (added or updated); returns the nodes whose evidence changed. An event that is not a
     * watched kubelet warning, not a failed cgroup creation, or whose node cannot be found, holds no evidence.
     */
    public List<String> putEvent(Event event) {
        String key = KubeletEvents.key(event);
        Optional<String> failure = KubeletEvents.watched(event)
                ? CgroupFailureClassifier.failure(event.getMessage()) : Optional.empty();
        Optional<Instant> lastSeen = KubeletEvents.lastSeen(event);
        if (failure.isEmpty() || lastSeen.isEmpty()) {
            return removeEvent(key);
        }
        Optional<String> node = KubeletEvents.reportedNode(event).or(() -> KubeletEvents.involvedPod(event)
                .flatMap(pod -> pods.nodeOf(pod.getNamespace(), pod.getName())));
        if (node.isEmpty()) {
            unattributed.incrementAndGet();
            return removeEvent(key);
        }
        return evidence.record(key, node.get(), new Occurrence(KubeletEvents.count(event), lastSeen.get(),
                failure.get()));
    }

    /** Drops an event; returns the node it counted against, if any. */
    public List<String> removeEvent(String key) {
        return evidence.remove(key).map(List::of).orElse(List.of());
    }

    /** The decision for one node, empty for a node not (or no longer) known. */
    public Optional<Decision> decide(String node, Instant now) {
        NodeFacts facts = nodes.get(node);
        return facts == null ? Optional.empty() : Optional.of(decision.decide(facts, evidence.evidence(node), now));
    }

    /** Every node's decision, by node name. */
    public List<Decision> decideAll(Instant now) {
        return nodes.keySet().stream().sorted()
                .map(name -> decide(name, now))
                .flatMap(Optional::stream)
                .toList();
    }

    /** The node's facts as last seen. */
    public Optional<NodeFacts> facts(String node) {
        return Optional.ofNullable(nodes.get(node));
    }

    /** The names of all known nodes. */
    public List<String> nodeNames() {
        return List.copyOf(nodes.keySet());
    }

    public int nodeCount() {
        return nodes.size();
    }

    /** Events held as evidence. */
    public int evidenceCount() {
        return evidence.size();
    }

    /** Cgroup-failure events whose node could not be found (no source.host, reportingInstance or pod). */
    public long unattributedCount() {
        return unattributed.get();
    }
}
