package io.cgroupguard.admission;

/** The body is not an AdmissionReview the guard can answer; its message is the short reason sent back with 400. */
public final class MalformedReviewException extends Exception {

    public MalformedReviewException(String message) {
        super(message, null, false, false);
    }
}
