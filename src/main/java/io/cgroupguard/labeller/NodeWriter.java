package io.cgroupguard.labeller;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cgroupguard.kube.EventRecorder;
import io.cgroupguard.kube.GuardedRequests;
import io.cgroupguard.nodestate.GuardKeys;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

import java.util.Map;
import java.util.Optional;

/**
 * Carries a {@link NodeUpdate} out against the API server: the merge patch, the taint, then the Event, each
 * through {@link GuardedRequests} (rate limit, leadership check, backoff); the Event through the {@link EventRecorder}.
 */
final class NodeWriter {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Kubelet records node events in {@code default}; {@code kubectl describe node} finds them there. */
    static final String EVENT_NAMESPACE = "default";

    private final GuardedRequests requests;
    private final EventRecorder events;

    NodeWriter(GuardedRequests requests, EventRecorder events) {
        this.requests = requests;
        this.events = events;
    }

    /** Applies the update; returns the patched Node when the merge patch went through. */
    Optional<Node> apply(NodeUpdate update) throws InterruptedException {
        Optional<Node> patched = Optional.empty();
        if (update.mergePatch().isPresent()) {
            String body = json(update.mergePatch().get());
            patched = requests.send("patch node " + update.node(), () -> requests.client().nodes()
                    .withName(update.node()).patch(PatchContext.of(PatchType.JSON_MERGE), body));
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
            Optional<Node> tainted = requests.send("taint node " + update.node(), () -> requests.client().nodes()
                    .withName(update.node()).patch(PatchContext.of(PatchType.STRATEGIC_MERGE), body));
            if (tainted.isPresent()) {
                patched = tainted;
            }
        }
        if (update.event().isPresent()) {
            NodeUpdate.StateEvent event = update.event().get();
            ObjectReference node = new ObjectReferenceBuilder()
                    .withApiVersion("v1").withKind("Node").withName(update.node()).withUid(update.nodeUid()).build();
            events.createOnce(EVENT_NAMESPACE, node, event.type(), event.reason(), event.message(),
                    "record event on node " + update.node());
        }
        return patched;
    }

    private static String json(Map<String, Object> patch) {
        try {
            return JSON.writeValueAsString(patch);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings always serializes", e);
        }
    }
}
