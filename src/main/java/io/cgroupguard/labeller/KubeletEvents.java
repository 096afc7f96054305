package io.cgroupguard.labeller;

import io.cgroupguard.kube.Times;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectReference;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Reading kubelet Warning events (core/v1 Events, the ones kubelet's recorder writes): key, node, time, count. */
public final class KubeletEvents {

    /** The reasons kubelet uses when creating a pod's cgroup, sandbox or container fails. */
    public static final List<String> REASONS = List.of("FailedCreatePodContainer", "FailedCreatePodSandBox", "Failed");
    public static final String WARNING = "Warning";

    private KubeletEvents() {
    }

    /** True for a Warning with one of {@link #REASONS}: what the informers' field selectors let through. */
    public static boolean watched(Event event) {
        return WARNING.equals(event.getType()) && REASONS.contains(event.getReason());
    }

    /** The event's identity in the store: {@code namespace/name}. */
    public static String key(Event event) {
        return event.getMetadata().getNamespace() + "/" + event.getMetadata().getName();
    }

    /**
     * The node the event happened on, when the event itself says: kubelet fills {@code source.host} (legacy
     * recorder) or {@code reportingInstance} (events.k8s.io recorder) with its node name.
     */
    public static Optional<String> reportedNode(Event event) {
        if (event.getSource() != null && notBlank(event.getSource().getHost())) {
            return Optional.of(event.getSource().getHost());
        }
        return Optional.ofNullable(event.getReportingInstance()).filter(KubeletEvents::notBlank);
    }

    /** The pod the event is about, as {@code [namespace, name]}, when it is about a pod. */
    public static Optional<ObjectReference> involvedPod(Event event) {
        ObjectReference ref = event.getInvolvedObject();
        return ref != null && "Pod".equals(ref.getKind()) && notBlank(ref.getName()) ? Optional.of(ref)
                : Optional.empty();
    }

    /** When the failure was last seen: the newest of the timestamps the event carries. */
    public static Optional<Instant> lastSeen(Event event) {
        return Stream.of(
                        Times.parse(event.getLastTimestamp()),
                        Optional.ofNullable(event.getSeries()).flatMap(s -> Optional.ofNullable(s.getLastObservedTime()))
                                .flatMap(t -> Times.parse(t.getTime())),
                        Optional.ofNullable(event.getEventTime()).flatMap(t -> Times.parse(t.getTime())),
                        Times.parse(event.getFirstTimestamp()),
                        Times.parse(event.getMetadata().getCreationTimestamp()))
                .flatMap(Optional::stream)
                .max(Instant::compareTo);
    }

    /** How many times it happened: {@code count} (or the series' count), at least 1. */
    public static int count(Event event) {
        int count = event.getCount() == null ? 1 : event.getCount();
        if (event.getSeries() != null && event.getSeries().getCount() != null) {
            count = Math.max(count, event.getSeries().getCount());
        }
        return Math.max(count, 1);
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
