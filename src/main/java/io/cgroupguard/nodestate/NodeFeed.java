package io.cgroupguard.nodestate;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;

import java.util.concurrent.CompletionStage;

/**
 * The replica's one watch of the cluster's Nodes, offered to whoever else needs Nodes (the labeller on the
 * leader): a subscriber gets every Node already known as an add, then every change, from the same list and watch
 * that feed the node cache, so no second Node list is ever decoded.
 *
 * <p>A subscriber reads only the fields {@link KeptNodeFields} keeps: one that starts after the initial list is
 * replayed the informer's store, which lacks every other field the fresh events would have had.
 */
public interface NodeFeed {

    /** Subscribes {@code handler}; closing the returned handle unsubscribes it and leaves the watch running. */
    AutoCloseable subscribe(ResourceEventHandler<Node> handler);

    /** Completes once the initial list is in, or fails when the watch cannot start. */
    CompletionStage<Void> synced();
}
