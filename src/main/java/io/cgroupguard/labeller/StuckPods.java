package io.cgroupguard.labeller;

import io.cgroupguard.nodestate.NodeState;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The leader's stuck-pod check: while a node is exhausted, its pods are watched (one field-selected informer per
 * exhausted node, started when the node is flagged and stopped when it recovers or goes away), and every sweep
 * records a {@link StuckPodNotice} on each pod {@link StuckPodDecision} finds stuck: once per pod and node state,
 * its count raised every repeat interval while the pod stays stuck. Built and closed with the {@link Labeller}.
 */
final class StuckPods implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StuckPods.class);

    /** What the sweep needs of one exhausted node. */
    private record Watched(NodeState state, Optional<Instant> since, NodePodSource.Watch pods) {
    }

    /** The count this leader last wrote for a notice (empty until a write went through), and when it tried. */
    private record Reported(Optional<Integer> count, Instant at) {
    }

    private final KubernetesClient client;
    private final NodePodSource source;
    private final StuckPodDecision decision;
    private final PodEventRecorder recorder;
    private final StuckPodSettings settings;
    private final StuckPodMetrics metrics;
    private final Clock clock;
    private final Map<String, Watched> nodes = new HashMap<>();
    /** Touched by the sweep only, which runs on one thread. */
    private final Map<String, Reported> reported = new HashMap<>();

    StuckPods(KubernetesClient client, NodePodSource source, PodEventRecorder recorder,
              StuckPodSettings settings, StuckPodMetrics metrics, Clock clock) {
        this.client = client;
        this.source = source;
        this.decision = new StuckPodDecision(settings.grace(), clock);
        this.recorder = recorder;
        this.settings = settings;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** A node was added or changed: watch its pods while it is exhausted, stop when it is not. */
    synchronized void node(NodeFacts facts) {
        NodeState state = facts.state();
        Watched watched = nodes.get(facts.name());
        if (!state.exhausted()) {
            forget(facts.name());
            return;
        }
        if (watched == null) {
            LOG.infof("node %s is exhausted: watching its pods", facts.name());
            nodes.put(facts.name(), new Watched(state, facts.since(), source.watch(client, facts.name())));
        } else {
            nodes.put(facts.name(), new Watched(state, facts.since(), watched.pods()));
        }
    }

    /** A node is gone or no longer exhausted: stop watching its pods. */
    synchronized void forget(String node) {
        Watched watched = nodes.remove(node);
        if (watched != null) {
            LOG.infof("node %s is not exhausted any more: no longer watching its pods", node);
            watched.pods().close();
        }
    }

    /** Decides every watched pod now and records the notices that are due. */
    void sweep() throws InterruptedException {
        List<Watched> snapshot;
        synchronized (this) {
            snapshot = List.copyOf(nodes.values());
        }
        Set<String> stuck = new HashSet<>();
        for (Watched node : snapshot) {
            for (var pod : node.pods().pods()) {
                PodFacts facts = PodFacts.of(pod);
                if (decision.stuck(facts, node.state())) {
                    StuckPodNotice notice = StuckPodNotice.of(facts, node.state(), node.since());
                    stuck.add(notice.eventName() + "@" + facts.namespace());
                    report(facts, notice);
                }
            }
        }
        // Notices of pods that started, left or were deleted are dropped, so memory follows the stuck pods.
        reported.keySet().retainAll(stuck);
    }

    private void report(PodFacts pod, StuckPodNotice notice) throws InterruptedException {
        String key = notice.eventName() + "@" + pod.namespace();
        Reported last = reported.get(key);
        Instant now = clock.instant();
        if (last == null) {
            metrics.seen();
            LOG.infof("pod %s/%s is stuck on exhausted node %s", pod.namespace(), pod.name(), pod.node().orElse(""));
        } else if (now.isBefore(last.at().plus(settings.repeatInterval()))) {
            return;
        }
        PodEventRecorder.Recorded recorded = recorder.record(pod, notice,
                Optional.ofNullable(last).flatMap(Reported::count));
        switch (recorded.result()) {
            case CREATED -> metrics.eventCreated();
            case UPDATED -> metrics.eventUpdated();
            case FAILED -> metrics.eventFailed();
        }
        // A failed write is remembered too: it is tried again at the next repeat, not at every sweep.
        reported.put(key, new Reported(recorded.count(), now));
    }

    @Override
    public synchronized void close() {
        nodes.values().forEach(w -> w.pods().close());
        nodes.clear();
    }
}
