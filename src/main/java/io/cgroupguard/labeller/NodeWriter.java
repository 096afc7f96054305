package io.cgroupguard.labeller;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cgroupguard.kube.GuardEvent;
import io.cgroupguard.nodestate.GuardKeys;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
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
 * Carries a {@link NodeUpdate} out against the API server: the merge patch, the taint, then the Event, each
 * through {@link GuardedRequests} (rate limit, leadership check, backoff); the Event is a {@link GuardEvent}.
 */
final class NodeWriter {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Kubelet records node events in {@code default}; {@code kubectl describe node} finds them there. */
    static final String EVENT_NAMESPACE = "default";

    private final GuardedRequests requests;
    private final KubernetesClient client;
    private final String identity;
    private final Clock clock;

    NodeWriter(GuardedRequests requests, String identity, Clock clock) {
        this.requests = requests;
        this.client = requests.client();
        this.identity = identity;
        this.clock = clock;
    }

    /** Applies the update; returns the patched Node when the merge patch went through. */
    Optional<Node> apply(NodeUpdate update) throws InterruptedException {
        Optional<Node> patched = Optional.empty();
        if (update.mergePatch().isPresent()) {
            String body = json(update.mergePatch().get());
            patched = requests.send("patch node " + update.node(), () -> client.nodes().withName(update.node())
                    .patch(PatchContext.of(PatchType.JSON_MERGE), body));
            if (patched.isEmpty()) {
                return Optional.empty();
            }
        }
        if (update.taint().isPresent()) {
            // Strategic merge: taints merge by key there, so other taints on the node are left alone; a JSON
            // merge patch would replace the whole list.
            String body = update.taint().get()
                    ? "{\"spec\":{\"taints\":[{\"key\":\"" + GuardKeys.TAINT + "\",\"effect\":\"NoSchedule\"}]}}"
                    : "{\"spec\":{\"taints\":[{\"$patch\":\"delete\",\"key\":\"" + GuardKeys.TAINT + "\"}]}}";
            Optional<Node> tainted = requests.send("taint node " + update.node(), () -> client.nodes()
                    .withName(update.node()).patch(PatchContext.of(PatchType.STRATEGIC_MERGE), body));
            if (tainted.isPresent()) {
                patched = tainted;
            }
        }
        if (update.event().isPresent()) {
            Event event = event(update, update.event().get());
            requests.send("record event on node " + update.node(), () -> client.v1().events()
                    .inNamespace(EVENT_NAMESPACE).resource(event).create());
        }
        return patched;
    }

    private Event event(NodeUpdate update, NodeUpdate.StateEvent stateEvent) {
        Instant now = clock.instant();
        ObjectReference node = new ObjectReferenceBuilder()
                .withApiVersion("v1").withKind("Node").withName(update.node()).withUid(update.nodeUid()).build();
        return GuardEvent.build(EVENT_NAMESPACE, node, GuardEvent.uniqueName(update.node(), now), stateEvent.type(),
                stateEvent.reason(), stateEvent.message(), identity, now);
    }

    private static String json(Map<String, Object> patch) {
        try {
            return JSON.writeValueAsString(patch);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serializes", e);
        }
    }
}
