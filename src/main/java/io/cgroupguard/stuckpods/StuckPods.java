package io.cgroupguard.stuckpods;

import io.cgroupguard.nodestate.NodeState;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The leader's stuck-pod check: while a node is exhausted, its pods are watched (one field-selected informer per
 * exhausted node, started by the first sweep after the node is flagged and stopped by the first after it
 * recovers or goes away), and every sweep records a {@link StuckPodNotice} on each pod {@link StuckPodDecider}
 * finds stuck: once per pod and node state, its count raised every repeat interval while the pod stays stuck,
 * and hands it to a {@link StuckPodHandler} (remediation, when it is on).
 * Built and closed with the labeller on the leader.
 */
public final class StuckPods implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(StuckPods.class);

    /** What the sweep needs of one exhausted node. */
    private record Exhausted(NodeState state, Optional<Instant> since) {
    }

    /** An exhausted node and the watch of its pods. */
    private record Watched(Exhausted node, NodePodSource.Watch pods) {
    }

    /** The count this leader last wrote for a notice (empty until a write went through), and when it tried. */
    private record Reported(Optional<Integer> count, Instant at) {
    }

    private final KubernetesClient client;
    private final NodePodSource source;
    private final StuckPodDecider decision;
    private final PodEventRecorder recorder;
    private final StuckPodSettings settings;
    private final StuckPodMetrics metrics;
    private final StuckPodHandler handler;
    private final Clock clock;
    /** The exhausted nodes, as the node informer last saw them; written on its thread, read by the sweep. */
    private final Map<String, Exhausted> nodes = new HashMap<>();
    /** The pod watches, started and stopped by the sweep to follow {@link #nodes}; touched by the sweep only. */
    private final Map<String, NodePodSource.Watch> watches = new HashMap<>();
    /** Touched by the sweep only, which runs on one thread. */
    private final Map<String, Reported> reported = new HashMap<>();
    /** Held by a sweep and by {@link #close}, so closing waits for a sweep in progress and no watch outlives it. */
    private final Object sweeping = new Object();
    private boolean closed;

    public StuckPods(KubernetesClient client, NodePodSource source, PodEventRecorder recorder,
                     StuckPodSettings settings, StuckPodMetrics metrics, StuckPodHandler handler, Clock clock) {
        this.client = client;
        this.source = source;
        this.decision = new StuckPodDecider(settings.grace(), clock);
        this.recorder = recorder;
        this.settings = settings;
        this.metrics = metrics;
        this.handler = handler;
        this.clock = clock;
    }

    /**
     * A node was added or changed: remembered while it is exhausted. Only a map write, so the node informer's
     * thread never waits here; the sweep starts and stops the pod watches.
     */
    public synchronized void node(NodeState state, Optional<Instant> since) {
        if (state.exhausted()) {
            nodes.put(state.name(), new Exhausted(state, since));
        } else {
            nodes.remove(state.name());
        }
    }

    /** A node is gone: forgotten, and the next sweep stops watching its pods. */
    public synchronized void forget(String node) {
        nodes.remove(node);
    }

    /** Brings the pod watches in line with the exhausted nodes; returns each watched node with its watch. */
    private List<Watched> follow() {
        Map<String, Exhausted> now;
        synchronized (this) {
            now = Map.copyOf(nodes);
        }
        watches.entrySet().removeIf(w -> {
            if (now.containsKey(w.getKey())) {
                return false;
            }
            LOG.infof("node %s is not exhausted any more: no longer watching its pods", w.getKey());
            w.getValue().close();
            return true;
        });
        now.keySet().stream().filter(n -> !watches.containsKey(n)).forEach(n -> {
            LOG.infof("node %s is exhausted: watching its pods", n);
            watches.put(n, source.watch(client, n));
        });
        return now.entrySet().stream().map(e -> new Watched(e.getValue(), watches.get(e.getKey()))).toList();
    }

    /** Follows the exhausted nodes, decides every watched pod, and records the notices that are due. */
    public void sweep() throws InterruptedException {
        synchronized (sweeping) {
            if (!closed) {
                sweepWatched();
            }
        }
    }

    private void sweepWatched() throws InterruptedException {
        Set<String> stuck = new HashSet<>();
        List<PodFacts> pods = new ArrayList<>();
        for (Watched watched : follow()) {
            Exhausted node = watched.node();
            for (var pod : watched.pods().pods()) {
                PodFacts facts = PodFacts.of(pod);
                if (decision.stuck(facts, node.state())) {
                    boolean moved = handler.willMove(facts, node.since());
                    StuckPodNotice notice = StuckPodNotice.of(facts, node.state(), node.since(), moved);
                    stuck.add(notice.eventName() + "@" + facts.namespace());
                    pods.add(facts);
                    report(facts, notice);
                    handler.act(facts, node.state(), node.since());
                }
            }
        }
        // Pods that started, left or were deleted are forgotten, so memory follows the stuck pods.
        reported.keySet().retainAll(stuck);
        handler.retain(pods);
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

    /** Stops the pod watches, after a sweep in progress (its writes cut short by losing the Lease) has ended. */
    @Override
    public void close() {
        synchronized (sweeping) {
            closed = true;
            watches.values().forEach(NodePodSource.Watch::close);
            watches.clear();
        }
        handler.close();
    }
}
