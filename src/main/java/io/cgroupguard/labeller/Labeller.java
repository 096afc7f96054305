package io.cgroupguard.labeller;

import io.cgroupguard.kube.EventRecorder;
import io.cgroupguard.kube.GuardedRequests;
import io.cgroupguard.kube.WriteRateLimiter;
import io.cgroupguard.nodestate.NodeFeed;
import io.cgroupguard.remediation.RemediationMetrics;
import io.cgroupguard.remediation.RemediationSettings;
import io.cgroupguard.remediation.Remediator;
import io.cgroupguard.stuckpods.NodePodSource;
import io.cgroupguard.stuckpods.PodEventRecorder;
import io.cgroupguard.stuckpods.StuckPodHandler;
import io.cgroupguard.stuckpods.StuckPodMetrics;
import io.cgroupguard.stuckpods.StuckPodSettings;
import io.cgroupguard.stuckpods.StuckPods;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The labeller as it runs on the leader: the replica's Node watch ({@link NodeFeed}, shared with the node cache)
 * and the kubelet event source feed a {@link ClusterEvaluation}; every node they touch is queued, decided afresh
 * when its turn comes, and written only when the decision differs from what the node carries. A periodic pass
 * queues every node, so windows and quiet periods run out without new input.
 *
 * <p>Nothing is written before both the nodes and the events have been listed: deciding a flagged node before
 * its evidence is loaded could clear it wrongly. Built on gaining the Lease, closed on losing it.
 *
 * <p>It also runs the {@link StuckPods} check: the pods of exhausted nodes are watched and, every resync, those
 * stuck there get an Event saying why and what to do, written through the same rate limit and leadership check.
 */
public final class Labeller implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Labeller.class);

    private final KubernetesClient client;
    private final KubeletEventSource events;
    private final NodeFeed nodes;
    private final ClusterEvaluation evaluation;
    private final NodeWriter writer;
    private final Optional<StuckPods> stuckPods;
    private final boolean taint;
    private final Duration resync;
    private final Clock clock;
    private final LabellerMetrics metrics;
    private final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService threads = Executors.newScheduledThreadPool(3, r -> {
        Thread t = new Thread(r, "cgroup-guard-labeller");
        t.setDaemon(true);
        return t;
    });
    private AutoCloseable nodeSubscription;
    private KubeletEventSource.Running eventSource;

    /** Options the live labeller needs beyond the decision settings. */
    public record Options(LabellerSettings settings, boolean taint, double writesPerSecond, Duration resync,
                          String identity, StuckPodSettings stuck, RemediationSettings remediation) {
    }

    /** Where the labeller's input comes from and where it reports: Nodes, kubelet events, node pods, metrics. */
    public record Inputs(NodeFeed nodes, KubeletEventSource events, NodePodSource pods, StuckPodMetrics metrics,
                         LabellerMetrics labelling, RemediationMetrics evictions) {
    }

    public Labeller(KubernetesClient client, Inputs inputs, Leadership leadership, Options options, Clock clock) {
        this.client = client;
        this.events = inputs.events();
        this.nodes = inputs.nodes();
        this.clock = clock;
        this.metrics = inputs.labelling();
        this.taint = options.taint();
        this.resync = options.resync();
        this.evaluation = new ClusterEvaluation(options.settings(), new CachedPodLookup(client));
        GuardedRequests requests = new GuardedRequests(client, leadership::isLeader,
                new WriteRateLimiter(options.writesPerSecond()));
        EventRecorder events = new EventRecorder(requests, options.identity(), clock);
        this.writer = new NodeWriter(requests, events);
        PodEventRecorder podEvents = new PodEventRecorder(events);
        StuckPodHandler remediator = options.remediation().enabled()
                ? new Remediator(requests, podEvents, options.remediation(), inputs.evictions(), clock)
                : StuckPodHandler.NONE;
        this.stuckPods = options.stuck().enabled()
                ? Optional.of(new StuckPods(client, inputs.pods(), podEvents, options.stuck(), inputs.metrics(),
                remediator, clock))
                : Optional.empty();
    }

    /**
     * Subscribes to the Node watch and starts the event informers; the writer starts once the Nodes and the events
     * have both been listed. On a new leader the Node watch has long synced: the subscription replays the Nodes it
     * holds, so taking the Lease costs no second Node list.
     */
    public void start() {
        nodeSubscription = nodes.subscribe(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                putNode(node);
            }

            @Override
            public void onUpdate(Node oldNode, Node newNode) {
                putNode(newNode);
            }

            @Override
            public void onDelete(Node node, boolean deletedFinalStateUnknown) {
                evaluation.removeNode(node.getMetadata().getName());
                stuckPods.ifPresent(s -> s.forget(node.getMetadata().getName()));
            }
        });
        eventSource = events.start(client, new KubeletEventSource.Sink() {
            @Override
            public void upsert(Event event) {
                if (KubeletEvents.watched(event) && CgroupFailureClassifier.failure(event.getMessage()).isPresent()) {
                    metrics.evidenceSeen();
                }
                enqueue(evaluation.putEvent(event));
            }

            @Override
            public void delete(Event event) {
                enqueue(evaluation.removeEvent(KubeletEvents.key(event)));
            }
        });
        CompletableFuture.allOf(nodes.synced().toCompletableFuture(), eventSource.synced())
                .whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        LOG.error("labeller informers failed to start; nothing will be written", failure);
                        return;
                    }
                    LOG.infof("labeller synced: %d nodes, %d cgroup-failure events", evaluation.nodeCount(),
                            evaluation.evidenceCount());
                    threads.execute(this::drain);
                    threads.scheduleWithFixedDelay(this::enqueueAll, 0, resync.toMillis(), TimeUnit.MILLISECONDS);
                    stuckPods.ifPresent(s -> threads.scheduleWithFixedDelay(() -> sweep(s), resync.toMillis(),
                            resync.toMillis(), TimeUnit.MILLISECONDS));
                });
    }

    private void putNode(Node node) {
        NodeFacts facts = NodeFacts.of(node);
        evaluation.putNode(facts, clock.instant());
        // Only the informer's copy decides which nodes' pods are watched; the writer's copy of a node it just
        // patched is followed by the informer's within moments, and the writer thread stays quick.
        stuckPods.ifPresent(s -> s.node(facts.state(), facts.since()));
        enqueue(List.of(node.getMetadata().getName()));
    }

    /** Explains pods stuck on exhausted nodes; its own thread, so a slow sweep delays no node write. */
    private void sweep(StuckPods pods) {
        try {
            pods.sweep();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("stuck-pod sweep failed; trying again at the next resync", e);
        }
    }

    private void enqueue(List<String> nodes) {
        for (String node : nodes) {
            if (queued.add(node)) {
                queue.add(node);
            }
        }
    }

    private void enqueueAll() {
        enqueue(evaluation.nodeNames());
    }

    /** The single writer loop: one node at a time, decided at the moment it is written. */
    private void drain() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                write(queue.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.error("labeller write failed; continuing with the next node", e);
            }
        }
    }

    private void write(String node) throws InterruptedException {
        queued.remove(node);
        Optional<NodeFacts> facts = evaluation.facts(node);
        Optional<Decision> decision = evaluation.decide(node, clock.instant());
        if (facts.isEmpty() || decision.isEmpty()) {
            return;
        }
        Optional<NodeUpdate> update = NodeUpdate.plan(facts.get(), decision.get(), taint);
        if (update.isPresent()) {
            LOG.infof("node %s: %s -> %s: %s", node, facts.get().labelled(), decision.get().state(),
                    decision.get().reason());
            // What the server returned is what the node now carries; recording it at once keeps a resync
            // that runs before the informer's update from writing (and announcing) the change twice. It is
            // recorded only if the informer has not delivered a newer copy in the meantime.
            Optional<Node> written = writer.apply(update.get());
            written.ifPresent(n -> evaluation.putWrittenNode(facts.get(), NodeFacts.of(n)));
            metrics.written(facts.get().labelled(), decision.get().state(),
                    written.isPresent() || update.get().mergePatch().isEmpty());
        }
    }

    @Override
    public void close() {
        // The Node watch outlives the labeller (the cache needs it on every replica): only this subscription goes.
        if (nodeSubscription != null) {
            try {
                nodeSubscription.close();
            } catch (Exception e) {
                LOG.warn("could not unsubscribe from the Node watch", e);
            }
        }
        threads.shutdownNow();
        stuckPods.ifPresent(StuckPods::close);
        if (eventSource != null) {
            eventSource.close();
        }
    }
}
