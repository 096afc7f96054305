package io.cgroupguard.nodestate;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.quarkus.kubernetes.client.KubernetesClientObjectMapperCustomizer;
import jakarta.inject.Singleton;

/**
 * How the application's client decodes a Node: without {@code status.images}, which the parser then skips
 * instead of building. The kubelet reports up to 50 images per node ({@code --node-status-max-images}), each
 * with its names and size: three quarters of a Node's JSON in the benchmark's list, read by no decision and
 * dropped by the informer's store right after decoding anyway ({@link KeptNodeFields}). Skipped, decoding the
 * 5,000 Nodes allocates 51 MB instead of 98 (BENCHMARKS.md, "The webhook's start").
 *
 * <p>Quarkus applies it to its client's mapper as a customizer. The CLI's commands build clients of their own and
 * decode Nodes whole.
 */
@Singleton
public class WithoutNodeImages implements KubernetesClientObjectMapperCustomizer {

    /** Jackson skips an explicitly ignored property before fabric8's any-setter would keep it. */
    @JsonIgnoreProperties({"images"})
    interface NodeStatusWithoutImages {
    }

    @Override
    public void customize(ObjectMapper mapper) {
        apply(mapper);
    }

    /** {@code mapper}, which from now on decodes Nodes without their images. */
    static ObjectMapper apply(ObjectMapper mapper) {
        return mapper.addMixIn(NodeStatus.class, NodeStatusWithoutImages.class);
    }
}
