package io.cgroupguard.admission;

import org.jboss.logging.Logger;

/**
 * The transport-independent half of an admission endpoint: body bytes in, an {@link Answer} out. It always
 * answers: a malformed body gets a 400 with a short reason, and a handler that throws on a good review gets an
 * allowed review (fail-open), because a webhook fault must never block the cluster.
 */
public final class ReviewPipeline {

    private static final Logger LOG = Logger.getLogger(ReviewPipeline.class);

    /** What to send back: an HTTP status and a body (an AdmissionReview for 200, a reason otherwise). */
    public record Answer(int status, byte[] body, AdmissionResponse.Outcome outcome) {

        public boolean isReview() {
            return status == 200;
        }
    }

    private final ReviewCodec codec;

    public ReviewPipeline(ReviewCodec codec) {
        this.codec = codec;
    }

    public Answer review(byte[] body, AdmissionHandler handler) {
        AdmissionRequest request;
        try {
            request = codec.read(body);
        } catch (MalformedReviewException e) {
            return new Answer(400, (e.getMessage() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8), null);
        }
        AdmissionResponse response;
        try {
            response = handler.handle(request);
        } catch (RuntimeException e) {
            LOG.errorf(e, "admission handler failed on request %s; allowing it (fail-open)", request.uid());
            response = AdmissionResponse.error("cgroup-guard could not check this request and allowed it");
        }
        if (response.outcome() == AdmissionResponse.Outcome.AUDITED
                || response.outcome() == AdmissionResponse.Outcome.WARNED) {
            LOG.infof("%s (%s): request %s %s in namespace '%s' would have been denied or patched",
                    response.outcome().tag(), request.kind(), request.uid(), request.operation(),
                    request.namespace());
        }
        return new Answer(200, codec.write(request, response), response.outcome());
    }
}
