package io.cgroupguard.labeller;

import java.util.Optional;

/**
 * Finds the node a pod runs on, for the rare kubelet event that names neither {@code source.host} nor
 * {@code reportingInstance}.
 */
@FunctionalInterface
public interface PodNodeLookup {

    /** Nothing to ask: offline, an event that names no node is not attributed. */
    PodNodeLookup NONE = (namespace, name) -> Optional.empty();

    /** The pod's {@code spec.nodeName}, empty when the pod is gone or unscheduled. */
    Optional<String> nodeOf(String namespace, String name);
}
