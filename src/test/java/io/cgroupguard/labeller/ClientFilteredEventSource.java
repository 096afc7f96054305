package io.cgroupguard.labeller;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.util.concurrent.CompletableFuture;

/**
 * Test stand-in for {@link FieldSelectedEventSource}: the fabric8 mock API server matches no field selector but
 * name and namespace, so this watches all events and applies the reason/type filter on the client, as the real
 * API server would on its side. {@code FieldSelectedEventSourceTest} covers the real wiring.
 */
@Alternative
@ApplicationScoped
public class ClientFilteredEventSource implements KubeletEventSource {

    @Override
    public Running start(KubernetesClient client, Sink sink) {
        SharedIndexInformer<Event> informer = client.v1().events().inAnyNamespace().runnableInformer(0);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Event event) {
                if (KubeletEvents.watched(event)) {
                    sink.upsert(event);
                }
            }

            @Override
            public void onUpdate(Event oldEvent, Event newEvent) {
                onAdd(newEvent);
            }

            @Override
            public void onDelete(Event event, boolean deletedFinalStateUnknown) {
                sink.delete(event);
            }
        });
        CompletableFuture<Void> synced = informer.start().toCompletableFuture();
        return new Running() {
            @Override
            public CompletableFuture<Void> synced() {
                return synced;
            }

            @Override
            public void close() {
                informer.close();
            }
        };
    }
}
