package io.cgroupguard.admission;

import io.cgroupguard.config.GuardConfig;
import io.cgroupguard.config.InFlightBodiesConfig;
import io.cgroupguard.nodestate.NodeStateIndex;
import io.netty.buffer.Unpooled;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The HTTP edge of the webhook: {@code POST /mutate} and {@code POST /validate}, as plain Vert.x routes on the
 * Quarkus HTTP server. It only moves bytes; the decisions live in the handlers and the always-answer rules in
 * {@link ReviewPipeline}.
 *
 * <p>Why plain routes and not a REST resource: every pod passes here twice and the decision itself costs
 * microseconds, so the transport is most of a request's cost. A route answers within the read of the request,
 * and Vert.x flushes the answer at the end of that read; a JAX-RS resource adds a dispatch layer and ends each
 * answer from a task of its own, flushed from {@code end()}. The profiles that showed it are in BENCHMARKS.md
 * (History).
 *
 * <p>Handlers are pure CPU work over the in-memory cache, so they run on the event loop. Bodies are capped at
 * {@code quarkus.http.limits.max-body-size}: Quarkus refuses a declared oversized body with 413 from its
 * headers, and {@link BodyCollector} refuses a chunked one with 413 once it grows past the cap; bodies that would
 * exceed the {@link InFlightBodies} budget get 503 with Retry-After (RELIABILITY.md). Any content
 * type is read as JSON: the apiserver sends {@code application/json}, and a person's {@code curl -d} should
 * get the same answer.
 */
@ApplicationScoped
public class AdmissionRoutes {

    /** The paths the webhook configurations in {@code manifests/} call. */
    public static final String MUTATE_PATH = "/mutate";
    public static final String VALIDATE_PATH = "/validate";

    private static final Logger LOG = Logger.getLogger(AdmissionRoutes.class);

    private static final CharSequence JSON = HttpHeaders.createOptimized("application/json");
    private static final CharSequence TEXT = HttpHeaders.createOptimized("text/plain;charset=UTF-8");

    private final GuardConfig config;
    private final NodeStateIndex nodes;
    private final AdmissionMetrics metrics;
    private final long maxBodyBytes;
    private final InFlightBodies inFlightBodies;

    AdmissionRoutes(GuardConfig config, NodeStateIndex nodes, AdmissionMetrics metrics,
                    @ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize,
                    InFlightBodiesConfig inFlight) {
        this.config = config;
        this.nodes = nodes;
        this.metrics = metrics;
        this.maxBodyBytes = maxBodySize.asLongValue();
        this.inFlightBodies = new InFlightBodies(inFlight.smallBodyMax().asLongValue(),
                inFlight.smallLane().asLongValue(), inFlight.largeLane().asLongValue());
    }

    void install(@Observes Router router) {
        AdmissionPolicy policy = new AdmissionPolicy(config.enforcement(), config.exemptNamespaces(),
                config.preferAwayFromAtRisk());
        ReviewPipeline pipeline = new ReviewPipeline(new ReviewCodec());
        route(router, MUTATE_PATH, pipeline, AdmissionMetrics.Endpoint.MUTATE, new PodAffinityMutator(policy, nodes));
        route(router, VALIDATE_PATH, pipeline, AdmissionMetrics.Endpoint.VALIDATE,
                new PlacementValidator(policy, nodes));
    }

    private void route(Router router, String path, ReviewPipeline pipeline, AdmissionMetrics.Endpoint endpoint,
                       AdmissionHandler handler) {
        router.post(path).handler(context -> {
            BodyCollector collector = new BodyCollector(context.request(), maxBodyBytes, inFlightBodies);
            // Called when the answer is written or the connection is lost mid-body, so no way out keeps bytes.
            context.addEndHandler(done -> collector.release());
            collector.collect(body -> answer(context.response(), body, pipeline, endpoint, handler),
                    () -> refuseTooLarge(context.response()), unread -> refuseNoRoom(context, unread));
        });
    }

    private void answer(HttpServerResponse response, byte[] body, ReviewPipeline pipeline,
                        AdmissionMetrics.Endpoint endpoint, AdmissionHandler handler) {
        long start = System.nanoTime();
        ReviewPipeline.Answer answer;
        try {
            answer = pipeline.review(body, handler);
        } catch (RuntimeException e) {
            // The pipeline answers every review it can read, so this is a bug in writing the answer. Say so at
            // once with a 500: the apiserver then applies the webhook's failurePolicy (Ignore) instead of
            // waiting out its timeout on a request nobody will answer.
            LOG.errorf(e, "could not answer an admission request on %s", endpoint);
            sendText(response, 500, "cgroup-guard failed to answer this review: " + e + "\n");
            return;
        }
        metrics.record(endpoint, answer, start);
        response.setStatusCode(answer.status());
        response.headers().set(HttpHeaders.CONTENT_TYPE, answer.isReview() ? JSON : TEXT);
        response.end(Buffer.buffer(Unpooled.wrappedBuffer(answer.body()))); // the answer's array, not a copy
    }

    private void refuseTooLarge(HttpServerResponse response) {
        sendText(response, 413, "request body is larger than " + maxBodyBytes
                + " bytes (quarkus.http.limits.max-body-size)\n");
    }

    /**
     * 503 with Retry-After: the apiserver counts it as a failed call and applies the webhook's failurePolicy
     * (Ignore in manifests/, so the request is admitted unchecked, fail-open); no real review is this large,
     * and the small lane keeps real ones answered meanwhile.
     */
    private void refuseNoRoom(RoutingContext context, boolean bodyUnread) {
        HttpServerResponse response = context.response();
        response.headers().set(HttpHeaders.RETRY_AFTER, "1");
        if (bodyUnread) {
            // HTTP/1.1 with the body left unread (BodyCollector): close once the answer is on the wire.
            response.headers().set(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
            context.addBodyEndHandler(written -> context.request().connection().close());
        }
        sendText(response, 503, "cgroup-guard is receiving as many large request bodies as its memory budget "
                + "allows (cgroup-guard.in-flight-bodies); retry\n");
    }

    private static void sendText(HttpServerResponse response, int status, String text) {
        response.setStatusCode(status);
        response.headers().set(HttpHeaders.CONTENT_TYPE, TEXT);
        response.end(text);
    }
}
