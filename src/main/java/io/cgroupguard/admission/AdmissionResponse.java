package io.cgroupguard.admission;

import com.fasterxml.jackson.databind.node.ArrayNode;

import java.util.List;
import java.util.Optional;

/**
 * A decision, before it is written into an AdmissionReview. Built by the helpers named after their outcome.
 *
 * @param allowed  whether the object may be admitted
 * @param message  the denial message (shown to the user), empty when allowed
 * @param patch    JSON Patch operations against the request object, empty when nothing changes
 * @param warnings admission warnings that kubectl prints; each at most 120 characters, as the apiserver asks
 * @param outcome  what happened, for logs and metrics
 */
public record AdmissionResponse(boolean allowed, Optional<String> message, Optional<ArrayNode> patch,
                                List<String> warnings, Outcome outcome) {

    /** Why a response is what it is; the metrics' {@code result} tag. */
    public enum Outcome {
        /** Nothing to do: not our kind, exempt, or already in order. */
        ALLOWED,
        /** Allowed with a patch. */
        PATCHED,
        /** Denied. */
        DENIED,
        /** Would have been denied or patched; warn mode. */
        WARNED,
        /** Would have been denied or patched; audit mode. */
        AUDITED,
        /** The handler failed and the request was let through. */
        ERRORED;

        /** The lower-case name used as a metric tag. */
        public String tag() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Longest warning the apiserver passes on untruncated. */
    public static final int MAX_WARNING_LENGTH = 120;

    public AdmissionResponse {
        warnings = List.copyOf(warnings);
    }

    public static AdmissionResponse allow() {
        return new AdmissionResponse(true, Optional.empty(), Optional.empty(), List.of(), Outcome.ALLOWED);
    }

    public static AdmissionResponse deny(String message) {
        return new AdmissionResponse(false, Optional.of(message), Optional.empty(), List.of(), Outcome.DENIED);
    }

    public static AdmissionResponse patch(ArrayNode patch) {
        return new AdmissionResponse(true, Optional.empty(), Optional.of(patch), List.of(), Outcome.PATCHED);
    }

    /** Allowed, with a warning kubectl prints; the warning is cut to {@link #MAX_WARNING_LENGTH}. */
    public static AdmissionResponse warn(String warning) {
        return new AdmissionResponse(true, Optional.empty(), Optional.empty(), List.of(truncate(warning)),
                Outcome.WARNED);
    }

    /** Allowed; the would-be decision only goes to the log and the metrics. */
    public static AdmissionResponse audit() {
        return new AdmissionResponse(true, Optional.empty(), Optional.empty(), List.of(), Outcome.AUDITED);
    }

    /** Allowed because the handler failed: a webhook fault must never block the cluster. */
    public static AdmissionResponse error(String warning) {
        return new AdmissionResponse(true, Optional.empty(), Optional.empty(), List.of(truncate(warning)),
                Outcome.ERRORED);
    }

    static String truncate(String warning) {
        return warning.length() <= MAX_WARNING_LENGTH ? warning
                : warning.substring(0, MAX_WARNING_LENGTH - 3) + "...";
    }
}
