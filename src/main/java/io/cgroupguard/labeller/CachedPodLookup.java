package io.cgroupguard.labeller;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a pod's node with one GET, remembered for the pod's later events.
 *
 * <p>A GET, not a pod informer: kubelet events name their node in {@code source.host} or
 * {@code reportingInstance} almost always, so this path is rare, and a cluster-wide pod informer on the leader
 * would hold every pod of a large cluster in memory to answer it. The memo bounds the GETs to one per pod even
 * while its event's count climbs; a pod's node never changes, so a remembered answer never goes stale.
 */
final class CachedPodLookup implements PodNodeLookup {

    private static final Logger LOG = Logger.getLogger(CachedPodLookup.class);
    private static final int CAPACITY = 4096;

    private final KubernetesClient client;
    private final Map<String, Optional<String>> memo = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Optional<String>> eldest) {
            return size() > CAPACITY;
        }
    };

    CachedPodLookup(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public synchronized Optional<String> nodeOf(String namespace, String name) {
        String key = namespace + "/" + name;
        Optional<String> known = memo.get(key);
        if (known != null) {
            return known;
        }
        try {
            Pod pod = client.pods().inNamespace(namespace).withName(name).get();
            Optional<String> node = Optional.ofNullable(pod).map(p -> p.getSpec().getNodeName())
                    .filter(n -> !n.isBlank());
            memo.put(key, node);
            return node;
        } catch (KubernetesClientException e) {
            LOG.debugf("cannot look up pod %s: %s", key, e.getMessage());
            return Optional.empty();
        }
    }
}
