package io.cgroupguard.stuckpods;

import io.cgroupguard.kube.EventRecorder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;

import java.util.Optional;

/**
 * Records a {@link StuckPodNotice} on its pod as kubelet's recorder does for a repeated event: the first
 * occurrence creates the Event (count 1), a later one raises {@code count} and {@code lastTimestamp} with a
 * merge patch, through the one {@link EventRecorder}. The involvedObject carries the pod's uid, which {@code kubectl describe pod} matches.
 */
public final class PodEventRecorder {

    private final EventRecorder events;

    public PodEventRecorder(EventRecorder events) {
        this.events = events;
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
        Optional<Integer> count = knownCount.isPresent() ? knownCount
                : events.count(pod.namespace(), notice.eventName(), "read " + what);
        if (count.isPresent()) {
            int next = count.get() + 1;
            return events.raise(pod.namespace(), notice.eventName(), next, notice.message(), "update " + what)
                    ? new Recorded(Result.UPDATED, Optional.of(next)) : new Recorded(Result.FAILED, knownCount);
        }
        return events.create(pod.namespace(), involved(pod), notice.eventName(), "Warning", StuckPodNotice.REASON,
                        notice.message(), "create " + what)
                .map(e -> new Recorded(Result.CREATED, Optional.of(1)))
                .orElse(new Recorded(Result.FAILED, Optional.empty()));
    }

    /** Records a one-off Warning Event on the pod (an eviction, done or, in dry-run, named). */
    public boolean recordOnce(PodFacts pod, String reason, String message) throws InterruptedException {
        return events.createOnce(pod.namespace(), involved(pod), "Warning", reason, message,
                "record " + reason + " on pod " + pod.namespace() + "/" + pod.name());
    }

    private static ObjectReference involved(PodFacts pod) {
        return new ObjectReferenceBuilder().withApiVersion("v1").withKind("Pod")
                .withNamespace(pod.namespace()).withName(pod.name()).withUid(pod.uid()).build();
    }
}
