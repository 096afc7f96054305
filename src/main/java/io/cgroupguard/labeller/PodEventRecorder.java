package io.cgroupguard.labeller;

import io.cgroupguard.kube.GuardEvent;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Records a {@link StuckPodNotice} on its pod as kubelet's recorder does for a repeated event: the first
 * occurrence creates the Event (count 1), a later one raises {@code count} and {@code lastTimestamp} with a
 * merge patch. Requests go through {@link GuardedRequests}, so they share the labeller's rate limit and stop
 * when the Lease is lost. The involvedObject carries the pod's uid, which {@code kubectl describe pod} matches.
 */
final class PodEventRecorder {

    private final GuardedRequests requests;
    private final KubernetesClient client;
    private final String identity;
    private final Clock clock;

    PodEventRecorder(GuardedRequests requests, String identity, Clock clock) {
        this.requests = requests;
        this.client = requests.client();
        this.identity = identity;
        this.clock = clock;
    }

    /** What a write did: created the Event, raised its count, or neither. */
    enum Result { CREATED, UPDATED, FAILED }

    /** The outcome, and the count the Event carries now as far as this leader knows (empty: read it first). */
    record Recorded(Result result, Optional<Integer> count) {
    }

    /**
     * Records the notice. {@code knownCount} is the count this leader last wrote; empty on its first sight of
     * the notice, when the Event may still exist from an earlier leader and is read first.
     */
    Recorded record(PodFacts pod, StuckPodNotice notice, Optional<Integer> knownCount) throws InterruptedException {
        String what = "event " + notice.eventName() + " on pod " + pod.namespace() + "/" + pod.name();
        Optional<Integer> count = knownCount.isPresent() ? knownCount : requests.send("read " + what,
                () -> client.v1().events().inNamespace(pod.namespace()).withName(notice.eventName()).get())
                .map(e -> e.getCount() == null ? 1 : e.getCount());
        Instant instant = clock.instant();
        if (count.isPresent()) {
            int next = count.get() + 1;
            String body = client.getKubernetesSerialization()
                    .asJson(Map.of("count", next, "lastTimestamp", GuardEvent.timestamp(instant), "message",
                            GuardEvent.cap(notice.message())));
            return requests.send("update " + what, () -> client.v1().events().inNamespace(pod.namespace())
                            .withName(notice.eventName()).patch(PatchContext.of(PatchType.JSON_MERGE), body))
                    .map(e -> new Recorded(Result.UPDATED, Optional.of(next)))
                    .orElse(new Recorded(Result.FAILED, knownCount));
        }
        Event event = event(pod, notice.eventName(), StuckPodNotice.REASON, notice.message(), instant);
        return requests.send("create " + what, () -> client.v1().events().inNamespace(pod.namespace())
                        .resource(event).create())
                .map(e -> new Recorded(Result.CREATED, Optional.of(1)))
                .orElse(new Recorded(Result.FAILED, Optional.empty()));
    }

    /** Records a one-off Warning Event on the pod (an eviction, done or, in dry-run, named). */
    boolean recordOnce(PodFacts pod, String reason, String message) throws InterruptedException {
        Instant now = clock.instant();
        Event event = event(pod, GuardEvent.uniqueName(pod.name(), now), reason, message, now);
        return requests.send("record " + reason + " on pod " + pod.namespace() + "/" + pod.name(),
                () -> client.v1().events().inNamespace(pod.namespace()).resource(event).create()).isPresent();
    }

    private Event event(PodFacts pod, String name, String reason, String message, Instant now) {
        ObjectReference involved = new ObjectReferenceBuilder().withApiVersion("v1").withKind("Pod")
                .withNamespace(pod.namespace()).withName(pod.name()).withUid(pod.uid()).build();
        return GuardEvent.build(pod.namespace(), involved, name, "Warning", reason, message, identity, now);
    }
}
