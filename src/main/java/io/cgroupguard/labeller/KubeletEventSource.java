package io.cgroupguard.labeller;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.util.concurrent.CompletableFuture;

/**
 * Where the labeller's kubelet warning events come from. The production source is
 * {@link FieldSelectedEventSource}; the seam exists so the labeller can be driven from anything that delivers
 * Events, and so the informer wiring can be tested on its own.
 */
public interface KubeletEventSource {

    /** Starts delivering the Warning events with {@link KubeletEvents#REASONS} to the sink. */
    Running start(KubernetesClient client, Sink sink);

    /** Receives events as they are added, updated or deleted. */
    interface Sink {
        void upsert(Event event);

        void delete(Event event);
    }

    /** A started source: synced once the initial lists are in; closing stops the watches. */
    interface Running extends AutoCloseable {
        CompletableFuture<Void> synced();

        @Override
        void close();
    }
}
