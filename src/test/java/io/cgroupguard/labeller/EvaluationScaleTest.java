package io.cgroupguard.labeller;

import io.cgroupguard.nodestate.ClusterNodeWatcher;
import io.cgroupguard.nodestate.NodeRisk;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;

import java.lang.ref.Reference;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A benchmark-style run at the size the issue names: 5,000 nodes, 50,000 events. It prints time and heap
 * figures for the report and asserts only the decisions, never the times (a shared CI core makes timings noise).
 */
class EvaluationScaleTest {

    static final int NODES = 5_000;
    static final int EVENTS = 50_000;
    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @Test
    void evaluatesFiveThousandNodesWithFiftyThousandEvents() {
        List<Node> nodes = new ArrayList<>(NODES);
        for (int i = 0; i < NODES; i++) {
            nodes.add(ClusterEvaluationTest.node("node-" + i, "boot-" + i));
        }
        // One event in five is a failed cgroup creation; they land on the first 1,000 nodes, ten per node.
        List<Event> events = new ArrayList<>(EVENTS);
        for (int i = 0; i < EVENTS; i++) {
            boolean evidence = i % 5 == 0;
            String node = "node-" + (evidence ? (i / 5) % 1_000 : i % NODES);
            String message = evidence
                    ? "mkdir /sys/fs/cgroup/memory/kubepods/burstable/pod" + i + ": no space left on device"
                    : "Failed to pull image \"registry.example.com/app:" + i + "\": rpc error: code = NotFound";
            events.add(ClusterEvaluationTest.event("e" + i, i % 3 == 0 ? "Failed" : "FailedCreatePodSandBox", node,
                    message, 1, NOW.minus(Duration.ofSeconds(i % 300))));
        }

        // Three rounds: the first one runs on a cold JIT, as a freshly elected leader does.
        ClusterEvaluation evaluation = null;
        List<Decision> decisions = List.of();
        for (int round = 1; round <= 3; round++) {
            evaluation = null;
            System.gc();
            long heapBefore = usedHeap();
            long t0 = System.nanoTime();
            evaluation = new ClusterEvaluation(LabellerSettings.defaults(), PodNodeLookup.NONE);
            for (Node n : nodes) {
                evaluation.putNode(NodeFacts.of(n), NOW);
            }
            for (Event e : events) {
                evaluation.putEvent(e);
            }
            long t1 = System.nanoTime();
            decisions = evaluation.decideAll(NOW);
            long t2 = System.nanoTime();
            for (int i = 0; i < 10_000; i++) {
                Event e = events.get(i * 5 % EVENTS);
                for (String n : evaluation.putEvent(e)) {
                    evaluation.decide(n, NOW);
                }
            }
            long t3 = System.nanoTime();
            System.gc();
            long heapAfter = usedHeap();
            System.out.printf("scale round %d: load (classify + store) %d ms, full evaluation of %d nodes %d ms, "
                            + "incremental event + re-decision %.1f us each, evaluation holds ~%.1f MB%n", round,
                    (t1 - t0) / 1_000_000, decisions.size(), (t2 - t1) / 1_000_000,
                    (t3 - t2) / 10_000 / 1_000.0, (heapAfter - heapBefore) / 1e6);
        }

        // What the leader's informers keep besides: the reduced node store and the key-only event stores.
        // Measured as the heap the stores free when dropped, which earlier rounds' garbage cannot skew.
        KubernetesSerialization serialization = new KubernetesSerialization();
        ItemStore<Node> nodeStore = ClusterNodeWatcher.store();
        ReducedStateItemStore<Event> eventStore = FieldSelectedEventSource.eventStore(serialization);
        for (Node n : nodes) {
            n.getMetadata().setResourceVersion("12345678");
            nodeStore.put(n.getMetadata().getName(), n);
        }
        for (Event e : events) {
            e.getMetadata().setResourceVersion("12345678");
            eventStore.put(e.getMetadata().getNamespace() + "/" + e.getMetadata().getName(), e);
        }
        assertEquals(EVENTS, eventStore.size());
        System.gc();
        long withStores = usedHeap();
        Reference.reachabilityFence(nodeStore);
        Reference.reachabilityFence(eventStore);
        nodeStore = null;
        eventStore = null;
        System.gc();
        System.out.printf("scale: informer stores for %d nodes and %d events hold ~%.1f MB%n", NODES, EVENTS,
                (withStores - usedHeap()) / 1e6);

        assertEquals(NODES, decisions.size());
        assertEquals(1_000, decisions.stream().filter(d -> d.state() == NodeRisk.EXHAUSTED).count());
        assertEquals(EVENTS / 5, evaluation.evidenceCount());
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
