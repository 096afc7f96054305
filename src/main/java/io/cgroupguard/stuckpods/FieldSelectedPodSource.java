package io.cgroupguard.stuckpods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One pod informer per exhausted node, filtered on the server with the field selector
 * {@code spec.nodeName=NODE} (the selector kubelet itself uses). Exhausted nodes are few, so the leader holds
 * the pods of a handful of nodes, never the cluster's; each informer's store keeps only {@link PodFacts#FIELDS}.
 */
@ApplicationScoped
public class FieldSelectedPodSource implements NodePodSource {

    private static final String EMPTY_POD_LIST = "{\"apiVersion\":\"v1\",\"kind\":\"PodList\",\"items\":[]}";

    private final AtomicBoolean decoderPrepared = new AtomicBoolean();

    @Override
    public Watch watch(KubernetesClient client, String node) {
        prepareDecoder(client.getKubernetesSerialization());
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

    /**
     * Builds the client's Pod decoder on the calling thread (the labeller's sweep), once, before the first informer
     * needs it. fabric8 decodes what its informers receive on a Vert.x event loop, and in the webhook those are the
     * loops the HTTPS server answers reviews on: the first Pod list decoded there loaded the Pod model's classes from
     * the jars and built Jackson's deserializers for them, holding the reviews on that loop for up to 1.9 s
     * (BENCHMARKS.md, "What is left of issue 16"). An empty list is enough: building {@code PodList}'s deserializer
     * builds those of all its properties, {@code Pod}'s among them.
     */
    boolean prepareDecoder(KubernetesSerialization serialization) {
        if (!decoderPrepared.compareAndSet(false, true)) {
            return false;
        }
        serialization.unmarshal(EMPTY_POD_LIST, PodList.class);
        return true;
    }

    /** An informer store that keeps each pod's key and the fields {@link PodFacts} reads. */
    static ReducedStateItemStore<Pod> podStore(KubernetesSerialization serialization) {
        return new ReducedStateItemStore<>(ReducedStateItemStore.NAME_KEY_STATE, Pod.class, serialization,
                PodFacts.FIELDS);
    }
}
