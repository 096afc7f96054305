package io.cgroupguard.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/**
 * The one way the guard builds a core/v1 Event, on a node or a pod: the same source and reporting component,
 * count 1, times in whole seconds, a unique name the way client-go's recorder makes one, and a message cut to
 * what events.k8s.io accepts.
 */
public final class GuardEvent {

    /** The component Events name as their source; {@code kubectl get events} shows it. */
    public static final String COMPONENT = "cgroup-guard";
    /** Event messages beyond this are cut: the events.k8s.io API refuses notes over 1 kB. */
    static final int MAX_MESSAGE = 1024;
    /** Object names are DNS subdomains: 253 characters at most. */
    private static final int MAX_NAME = 253;

    private GuardEvent() {
    }

    /**
     * @param namespace where the Event lives: the pod's, or {@code default} for a node as kubelet records them
     * @param involved the node or pod the Event is about (its uid lets {@code kubectl describe} match it)
     * @param name     the Event's name, see {@link #uniqueName}
     * @param identity this replica, as the reporting instance
     */
    public static Event build(String namespace, ObjectReference involved, String name, String type, String reason, String message,
                              String identity, Instant now) {
        String timestamp = timestamp(now);
        return new EventBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withInvolvedObject(involved)
                .withReason(reason)
                .withType(type)
                .withMessage(cap(message))
                .withNewSource().withComponent(COMPONENT).endSource()
                .withReportingComponent(COMPONENT)
                .withReportingInstance(identity)
                .withFirstTimestamp(timestamp)
                .withLastTimestamp(timestamp)
                .withCount(1)
                .build();
    }

    /** A name no other Event has: the object's name and the time in hex nanoseconds, as client-go's recorder. */
    public static String uniqueName(String objectName, Instant now) {
        String suffix = "." + Long.toHexString(now.getEpochSecond() * 1_000_000_000L + now.getNano());
        return (objectName.length() + suffix.length() > MAX_NAME
                ? objectName.substring(0, MAX_NAME - suffix.length()) : objectName) + suffix;
    }

    /** The message as an Event may carry it. */
    public static String cap(String message) {
        return message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 3) + "...";
    }

    /** RFC 3339 in whole seconds, as metav1.Time serializes. */
    public static String timestamp(Instant now) {
        return DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
    }
}
