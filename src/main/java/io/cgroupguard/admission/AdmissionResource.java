package io.cgroupguard.admission;

import io.cgroupguard.config.GuardConfig;
import io.cgroupguard.nodestate.NodeStateIndex;
import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The HTTP edge of the webhook: {@code POST /mutate} and {@code POST /validate}. It only moves bytes; the
 * decisions live in the handlers and the always-answer rules in {@link ReviewPipeline}.
 *
 * <p>Handlers are pure CPU work over the in-memory cache, so they run on the event loop ({@link NonBlocking})
 * without a hop to a worker thread. Bodies over {@code quarkus.http.limits.max-body-size} are refused with 413
 * before they reach this class.
 */
@Path("/")
public class AdmissionResource {

    private final ReviewPipeline pipeline = new ReviewPipeline(new ReviewCodec());
    private final AdmissionHandler mutator;
    private final AdmissionHandler validator;
    private final AdmissionMetrics metrics;

    AdmissionResource(GuardConfig config, NodeStateIndex nodes, AdmissionMetrics metrics) {
        AdmissionPolicy policy = new AdmissionPolicy(config.enforcement(), config.exemptNamespaces(),
                config.preferAwayFromAtRisk());
        this.mutator = new PodAffinityMutator(policy, nodes);
        this.validator = new PlacementValidator(policy, nodes);
        this.metrics = metrics;
    }

    @POST
    @Path("mutate")
    @NonBlocking
    @Consumes(MediaType.WILDCARD)
    public Response mutate(byte[] body) {
        return answer(AdmissionMetrics.Endpoint.MUTATE, body, mutator);
    }

    @POST
    @Path("validate")
    @NonBlocking
    @Consumes(MediaType.WILDCARD)
    public Response validate(byte[] body) {
        return answer(AdmissionMetrics.Endpoint.VALIDATE, body, validator);
    }

    private Response answer(AdmissionMetrics.Endpoint endpoint, byte[] body, AdmissionHandler handler) {
        long start = System.nanoTime();
        ReviewPipeline.Answer answer = pipeline.review(body, handler);
        metrics.record(endpoint, answer, start);
        return Response.status(answer.status())
                .type(answer.isReview() ? MediaType.APPLICATION_JSON : MediaType.TEXT_PLAIN)
                .entity(answer.body())
                .build();
    }
}
