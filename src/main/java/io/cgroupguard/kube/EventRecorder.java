package io.cgroupguard.kube;

import io.cgroupguard.kube.GuardEvent;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The leader's one Event writer, for node state changes and pod notices alike: every Event is a
 * {@link GuardEvent} (message capped, same component and reporting instance) and every request goes through
 * {@link GuardedRequests}, so Events share the leader's rate limit and stop when the Lease is lost.
 */
public final class EventRecorder {

    private final GuardedRequests requests;
    private final KubernetesClient client;
    private final String identity;
    private final Clock clock;

    public EventRecorder(GuardedRequests requests, String identity, Clock clock) {
        this.requests = requests;
        this.client = requests.client();
        this.identity = identity;
        this.clock = clock;
    }

    /** Creates an Event named {@code name}; empty when the request failed for good. */
    public Optional<Event> create(String namespace, ObjectReference involved, String name, String type, String reason,
                           String message, String what) throws InterruptedException {
        Event event = GuardEvent.build(namespace, involved, name, type, reason, message, identity, clock.instant());
        return requests.send(what, () -> client.v1().events().inNamespace(namespace).resource(event).create());
    }

    /** Creates a one-off Event under a name of its own; false when the request failed for good. */
    public boolean createOnce(String namespace, ObjectReference involved, String type, String reason, String message,
                       String what) throws InterruptedException {
        Instant now = clock.instant();
        return create(namespace, involved, GuardEvent.uniqueName(involved.getName(), now), type, reason, message, what)
                .isPresent();
    }

    /** The count an existing Event carries; empty when it does not exist or could not be read. */
    public Optional<Integer> count(String namespace, String name, String what) throws InterruptedException {
        return requests.send(what, () -> client.v1().events().inNamespace(namespace).withName(name).get())
                .map(e -> e.getCount() == null ? 1 : e.getCount());
    }

    /** Raises an existing Event's count to {@code count}, as kubelet's recorder does for a repeated event. */
    public boolean raise(String namespace, String name, int count, String message, String what) throws InterruptedException {
        String body = client.getKubernetesSerialization().asJson(Map.of("count", count, "lastTimestamp",
                GuardEvent.timestamp(clock.instant()), "message", GuardEvent.cap(message)));
        return requests.send(what, () -> client.v1().events().inNamespace(namespace).withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), body)).isPresent();
    }
}
