package io.cgroupguard.nodestate;

import io.cgroupguard.kube.ListPages;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;
import org.jboss.logging.Logger;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Cluster node source: the replica's one Node informer, listing in pages of {@link ListPages#SIZE}, feeding the
 * cache and, through {@link NodeFeed}, the labeller when this replica leads.
 *
 * <p>One informer, not one per consumer: each decodes the whole Node list at start, and two at once (the cache's
 * and the new leader's) ran the webhook out of heap under its 384 MiB limit with 5,000 Nodes (BENCHMARKS.md).
 * Its store keeps only what the cache and the labeller read ({@link KeptNodeFields}): a full Node carries its image
 * list and managedFields, tens of kilobytes each, which at 5,000 nodes would cost hundreds of megabytes no decision
 * reads.
 */
public final class ClusterNodeWatcher implements NodeFeed, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ClusterNodeWatcher.class);

    private final SharedIndexInformer<Node> informer;
    private final CompletableFuture<Void> synced = new CompletableFuture<>();

    /** Starts watching at once; the cache is marked synced when the initial list is in. */
    public ClusterNodeWatcher(KubernetesClient client, NodeStateCache cache) {
        informer = client.nodes().withLimit(ListPages.SIZE).runnableInformer(0);
        informer.itemStore(store());
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node node) {
                cache.put(NodeState.of(node));
            }

            @Override
            public void onUpdate(Node oldNode, Node newNode) {
                cache.put(NodeState.of(newNode));
            }

            @Override
            public void onDelete(Node node, boolean deletedFinalStateUnknown) {
                cache.remove(node.getMetadata().getName());
            }
        });
        informer.start().whenComplete((ignored, failure) -> {
            if (failure == null) {
                // The handler above hears of the listed Nodes through a queue that can still be draining now:
                // the store already holds them all, so the cache is filled from it before it says it is synced
                // (and readiness turns UP). The handler's late adds then put what is already there.
                informer.getStore().list().forEach(node -> cache.put(NodeState.of(node)));
                cache.markSynced();
                LOG.infof("node cache synced from the cluster: %d nodes, %d exhausted", cache.size(),
                        cache.exhaustedCount());
                synced.complete(null);
            } else {
                LOG.error("node informer failed to start; readiness stays false until it syncs", failure);
                synced.completeExceptionally(failure);
            }
        });
    }

    /** The informer's store: only the fields a consumer reads ({@link KeptNodeFields}). */
    public static ItemStore<Node> store() {
        return new KeptNodeFields();
    }

    @Override
    public AutoCloseable subscribe(ResourceEventHandler<Node> handler) {
        // fabric8 replays the store to a handler added after the list as adds, as client-go's informers do.
        informer.addEventHandler(handler);
        return () -> informer.removeEventHandler(handler);
    }

    @Override
    public CompletionStage<Void> synced() {
        return synced;
    }

    @Override
    public void close() {
        informer.close();
    }
}
