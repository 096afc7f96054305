package io.cgroupguard.stuckpods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * One pod informer per exhausted node, filtered on the server with the field selector
 * {@code spec.nodeName=NODE} (the selector kubelet itself uses). Exhausted nodes are few, so the leader holds
 * the pods of a handful of nodes, never the cluster's; each informer's store keeps only {@link PodFacts#FIELDS}.
 */
@ApplicationScoped
public class FieldSelectedPodSource implements NodePodSource {

    @Override
    public Watch watch(KubernetesClient client, String node) {
        SharedIndexInformer<Pod> informer = client.pods().inAnyNamespace()
                .withField("spec.nodeName", node)
                .runnableInformer(0);
        informer.itemStore(podStore(client.getKubernetesSerialization()));
        informer.start();
        return new Watch() {
            @Override
            public List<Pod> pods() {
                return informer.getStore().list();
            }

            @Override
            public void close() {
                informer.close();
            }
        };
    }

    /** An informer store that keeps each pod's key and the fields {@link PodFacts} reads. */
    static ReducedStateItemStore<Pod> podStore(KubernetesSerialization serialization) {
        return new ReducedStateItemStore<>(ReducedStateItemStore.NAME_KEY_STATE, Pod.class, serialization,
                PodFacts.FIELDS);
    }
}
