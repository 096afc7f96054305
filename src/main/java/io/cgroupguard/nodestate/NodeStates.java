package io.cgroupguard.nodestate;

import io.fabric8.kubernetes.api.model.Node;

/** Turns fabric8 Nodes into the {@link NodeState} the webhook keeps. */
public final class NodeStates {

    private NodeStates() {
    }

    public static NodeState of(Node node) {
        return NodeState.of(node.getMetadata().getName(), node.getMetadata().getLabels(),
                node.getMetadata().getAnnotations());
    }
}
