package io.cgroupguard.nodestate;

import io.cgroupguard.kube.ListPages;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
import org.jboss.logging.Logger;

/**
 * Cluster node source: a Node informer feeding the cache.
 *
 * <p>The informer's own store keeps only labels and annotations ({@link ReducedStateItemStore}): a full Node
 * carries its image list and managedFields, tens of kilobytes each, which at 5,000 nodes would cost hundreds of
 * megabytes for data no decision reads.
 */
public final class ClusterNodeWatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(ClusterNodeWatcher.class);

    private final SharedIndexInformer<Node> informer;

    public ClusterNodeWatcher(KubernetesClient client, NodeStateCache cache) {
        informer = client.nodes().withLimit(ListPages.SIZE).runnableInformer(0);
        informer.itemStore(new ReducedStateItemStore<>(ReducedStateItemStore.NAME_KEY_STATE, Node.class,
                client.getKubernetesSerialization(), "metadata.labels", "metadata.annotations"));
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
                cache.markSynced();
                LOG.infof("node cache synced from the cluster: %d nodes, %d exhausted", cache.size(),
                        cache.exhaustedCount());
            } else {
                LOG.error("node informer failed to start; readiness stays false until it syncs", failure);
            }
        });
    }

    @Override
    public void close() {
        informer.close();
    }
}
