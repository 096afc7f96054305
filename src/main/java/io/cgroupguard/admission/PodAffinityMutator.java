package io.cgroupguard.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cgroupguard.nodestate.GuardKeys;
import io.cgroupguard.nodestate.NodeRisk;
import io.cgroupguard.nodestate.NodeStateIndex;

/**
 * {@code /mutate}: keeps new pods off exhausted nodes by node affinity.
 *
 * <p>The expression {@code cgroup-guard.io/state NotIn [exhausted]} goes into <em>every</em> required
 * nodeSelectorTerm, because terms are ORed: a separate new term would let the pod match either the old terms or
 * ours, which weakens both. {@code NotIn} also matches nodes without the label, so unlabelled nodes stay open.
 * Every operation is an explicit {@code add} against the object the apiserver sent, so a second pass over the
 * patched pod finds nothing to do (reinvocationPolicy IfNeeded re-runs us after other webhooks).
 */
public final class PodAffinityMutator implements AdmissionHandler {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String REQUIRED = "requiredDuringSchedulingIgnoredDuringExecution";
    private static final String PREFERRED = "preferredDuringSchedulingIgnoredDuringExecution";
    /** Weight of the optional soft term; low, so a pod's own preferences (often 100) still lead. */
    static final int PREFERRED_WEIGHT = 10;

    private final AdmissionPolicy policy;
    private final NodeStateIndex nodes;

    public PodAffinityMutator(AdmissionPolicy policy, NodeStateIndex nodes) {
        this.policy = policy;
        this.nodes = nodes;
    }

    @Override
    public AdmissionResponse handle(AdmissionRequest request) {
        // A pod without metadata or spec objects is invalid and fails validation later; leave it to that.
        JsonNode pod = request.object();
        if (!request.creates("Pod") || !pod.path("metadata").isObject() || !pod.path("spec").isObject()
                || Exemptions.podExempt(policy, request)) {
            return AdmissionResponse.allow();
        }
        JsonPatch patch = patchFor(pod);
        if (patch.isEmpty()) {
            return AdmissionResponse.allow();
        }
        return switch (policy.enforcement()) {
            case ENFORCE -> AdmissionResponse.patch(patch.operations());
            case WARN -> nodes.exhaustedCount() == 0 ? AdmissionResponse.allow()
                    : AdmissionResponse.warn("cgroup-guard (warn mode): " + nodes.exhaustedCount()
                    + " node(s) are cgroup-exhausted; enforce mode would keep this pod off them");
            case AUDIT -> AdmissionResponse.audit();
        };
    }

    /** The operations that guard this pod; empty when it is guarded already. */
    JsonPatch patchFor(JsonNode pod) {
        JsonPatch patch = new JsonPatch();
        JsonNode spec = pod.path("spec");
        JsonNode nodeAffinity = spec.path("affinity").path("nodeAffinity");
        addRequired(patch, spec, nodeAffinity);
        if (policy.preferAwayFromAtRisk()) {
            addPreferred(patch, spec, nodeAffinity);
        }
        if (!patch.isEmpty() || !marked(pod)) {
            mark(patch, pod);
        }
        return patch;
    }

    private static void addRequired(JsonPatch patch, JsonNode spec, JsonNode nodeAffinity) {
        JsonNode terms = nodeAffinity.path(REQUIRED).path("nodeSelectorTerms");
        if (!terms.isArray() || terms.isEmpty()) {
            ObjectNode required = JSON.objectNode();
            required.putArray("nodeSelectorTerms").addObject().putArray("matchExpressions").add(guardExpression());
            addNested(patch, spec, "/spec/affinity/nodeAffinity/" + REQUIRED + "/nodeSelectorTerms",
                    required.get("nodeSelectorTerms"));
            return;
        }
        String base = "/spec/affinity/nodeAffinity/" + REQUIRED + "/nodeSelectorTerms/";
        for (int i = 0; i < terms.size(); i++) {
            JsonNode term = terms.get(i);
            // An empty term matches no node at all; adding our expression would make it match most of them.
            if (isEmptyTerm(term)) {
                continue;
            }
            JsonNode expressions = term.path("matchExpressions");
            if (!expressions.isArray()) {
                patch.add(base + i + "/matchExpressions", JSON.arrayNode().add(guardExpression()));
            } else if (!containsGuard(expressions)) {
                patch.add(base + i + "/matchExpressions/-", guardExpression());
            }
        }
    }

    private static void addPreferred(JsonPatch patch, JsonNode spec, JsonNode nodeAffinity) {
        JsonNode preferred = nodeAffinity.path(PREFERRED);
        for (JsonNode term : preferred) {
            if (isAvoidAtRisk(term.path("preference").path("matchExpressions"))) {
                return;
            }
        }
        ObjectNode term = JSON.objectNode().put("weight", PREFERRED_WEIGHT);
        term.putObject("preference").putArray("matchExpressions").add(expression(NodeRisk.AT_RISK));
        if (preferred.isArray()) {
            patch.add("/spec/affinity/nodeAffinity/" + PREFERRED + "/-", term);
        } else {
            addNested(patch, spec, "/spec/affinity/nodeAffinity/" + PREFERRED, JSON.arrayNode().add(term));
        }
    }

    /**
     * Adds {@code value} at a path below {@code /spec}, creating the first missing object on the way with one
     * {@code add} of the whole subtree: JSON Patch cannot add into a parent that does not exist.
     */
    private static void addNested(JsonPatch patch, JsonNode spec, String path, JsonNode value) {
        String[] segments = path.substring("/spec/".length()).split("/");
        JsonNode current = spec;
        StringBuilder at = new StringBuilder("/spec");
        for (int i = 0; i < segments.length - 1; i++) {
            JsonNode next = current.get(segments[i]);
            at.append('/').append(segments[i]);
            if (next == null || !next.isObject()) {
                patch.add(at.toString(), wrap(segments, i + 1, value));
                return;
            }
            current = next;
        }
        patch.add(path, value);
    }

    private static JsonNode wrap(String[] segments, int from, JsonNode value) {
        JsonNode result = value;
        for (int i = segments.length - 1; i >= from; i--) {
            ObjectNode parent = JSON.objectNode();
            parent.set(segments[i], result);
            result = parent;
        }
        return result;
    }

    private static boolean marked(JsonNode pod) {
        return GuardKeys.AFFINITY_INJECTED.equals(
                pod.path("metadata").path("annotations").path(GuardKeys.AFFINITY).asText(null));
    }

    private static void mark(JsonPatch patch, JsonNode pod) {
        if (pod.path("metadata").path("annotations").isObject()) {
            patch.add("/metadata/annotations/" + JsonPatch.escape(GuardKeys.AFFINITY),
                    JSON.textNode(GuardKeys.AFFINITY_INJECTED));
        } else {
            patch.add("/metadata/annotations",
                    JSON.objectNode().put(GuardKeys.AFFINITY, GuardKeys.AFFINITY_INJECTED));
        }
    }

    private static boolean isEmptyTerm(JsonNode term) {
        return term.path("matchExpressions").isEmpty() && term.path("matchFields").isEmpty();
    }

    static boolean containsGuard(JsonNode expressions) {
        return containsNotIn(expressions, NodeRisk.EXHAUSTED);
    }

    private static boolean isAvoidAtRisk(JsonNode expressions) {
        return containsNotIn(expressions, NodeRisk.AT_RISK);
    }

    private static boolean containsNotIn(JsonNode expressions, NodeRisk risk) {
        for (JsonNode e : expressions) {
            if (GuardKeys.STATE.equals(e.path("key").asText()) && "NotIn".equals(e.path("operator").asText())) {
                for (JsonNode v : e.path("values")) {
                    if (risk.label().equals(v.asText())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** The expression added to every required term. */
    static ObjectNode guardExpression() {
        return expression(NodeRisk.EXHAUSTED);
    }

    private static ObjectNode expression(NodeRisk risk) {
        ObjectNode e = JSON.objectNode().put("key", GuardKeys.STATE).put("operator", "NotIn");
        e.putArray("values").add(risk.label());
        return e;
    }
}
