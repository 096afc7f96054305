package io.cgroupguard.stuckpods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.util.List;

/**
 * Test stand-in for {@link FieldSelectedPodSource}: the fabric8 mock API server matches no field selector but
 * name and namespace, so this watches all pods and keeps the node's on the client, as the real API server would
 * with {@code spec.nodeName=NODE}. {@code FieldSelectedPodSourceTest} covers the real wiring.
 */
@Alternative
@ApplicationScoped
public class ClientFilteredPodSource implements NodePodSource {

    @Override
    public Watch watch(KubernetesClient client, String node) {
        SharedIndexInformer<Pod> informer = client.pods().inAnyNamespace().runnableInformer(0);
        informer.itemStore(FieldSelectedPodSource.podStore(client.getKubernetesSerialization()));
        informer.start();
        return new Watch() {
            @Override
            public List<Pod> pods() {
                return informer.getStore().list().stream()
                        .filter(p -> p.getSpec() != null && node.equals(p.getSpec().getNodeName()))
                        .toList();
            }

            @Override
            public void close() {
                informer.close();
            }
        };
    }
}
