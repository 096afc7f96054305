package io.cgroupguard.stuckpods;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.List;

/**
 * Where the stuck-pod check finds the pods bound to one node. The production source is
 * {@link FieldSelectedPodSource}; the seam exists so the check can run where the API server cannot select pods
 * by node (the mock server in tests), and so the informer wiring can be tested on its own.
 */
public interface NodePodSource {

    /** Starts watching the pods bound to {@code node}. */
    Watch watch(KubernetesClient client, String node);

    /** A running watch of one node's pods; closing it stops the watch. */
    interface Watch extends AutoCloseable {

        /** The pods known now (empty until the first list arrives), reduced to {@link PodFacts#FIELDS}. */
        List<Pod> pods();

        @Override
        void close();
    }
}
