package io.cgroupguard.labeller;

import io.cgroupguard.kube.ListPages;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.informers.cache.ReducedStateItemStore;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Kubelet warning events from the API server, one informer per reason, each filtered on the server with the
 * field selector {@code reason=R,type=Warning}: a large cluster's event stream (every pull, probe and
 * scheduling message) is never pulled whole, only the three reasons kubelet uses for failed pod creation.
 *
 * <p>The informers' own stores keep only each event's key: the labeller keeps what it needs itself (see
 * {@link EvidenceStore}), and the store is used for nothing but telling adds from updates.
 */
@ApplicationScoped
public class FieldSelectedEventSource implements KubeletEventSource {

    @Override
    public Running start(KubernetesClient client, Sink sink) {
        List<SharedIndexInformer<Event>> informers = KubeletEvents.REASONS.stream()
                .map(reason -> informer(client, reason, sink))
                .toList();
        CompletableFuture<Void> synced = CompletableFuture.allOf(informers.stream()
                .map(SharedIndexInformer::start)
                .map(stage -> stage.toCompletableFuture())
                .toArray(CompletableFuture[]::new));
        return new Running() {
            @Override
            public CompletableFuture<Void> synced() {
                return synced;
            }

            @Override
            public void close() {
                informers.forEach(SharedIndexInformer::close);
            }
        };
    }

    /** An informer store that keeps each event's key and resourceVersion, nothing else. */
    static ReducedStateItemStore<Event> eventStore(KubernetesSerialization serialization) {
        return new ReducedStateItemStore<>(ReducedStateItemStore.NAME_KEY_STATE, Event.class, serialization);
    }

    private static SharedIndexInformer<Event> informer(KubernetesClient client, String reason, Sink sink) {
        SharedIndexInformer<Event> informer = client.v1().events().inAnyNamespace()
                .withField("reason", reason)
                .withField("type", KubeletEvents.WARNING)
                .withLimit(ListPages.SIZE)
                .runnableInformer(0);
        informer.itemStore(eventStore(client.getKubernetesSerialization()));
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Event event) {
                sink.upsert(event);
            }

            @Override
            public void onUpdate(Event oldEvent, Event newEvent) {
                sink.upsert(newEvent);
            }

            @Override
            public void onDelete(Event event, boolean deletedFinalStateUnknown) {
                sink.delete(event);
            }
        });
        return informer;
    }
}
