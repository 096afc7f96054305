package io.cgroupguard.admission;

import io.cgroupguard.nodestate.GuardKeys;
import io.cgroupguard.nodestate.NodeState;
import io.cgroupguard.nodestate.NodeStateIndex;

import java.util.Optional;

/**
 * {@code /validate}: refuses to place a pod on an exhausted node, whether a person pinned it there
 * ({@code spec.nodeName} on CREATE) or the scheduler binds it there ({@code pods/binding} CREATE).
 *
 * <p>Only placement is judged. UPDATE and DELETE always pass: pods already on a sick node must stay manageable,
 * and a pod's nodeName cannot change after it is set. Unknown nodes pass: no evidence is no reason to block.
 */
public final class PlacementValidator implements AdmissionHandler {

    private final AdmissionPolicy policy;
    private final NodeStateIndex nodes;

    public PlacementValidator(AdmissionPolicy policy, NodeStateIndex nodes) {
        this.policy = policy;
        this.nodes = nodes;
    }

    @Override
    public AdmissionResponse handle(AdmissionRequest request) {
        Optional<String> target = target(request);
        if (target.isEmpty()) {
            return AdmissionResponse.allow();
        }
        Optional<NodeState> node = nodes.get(target.get()).filter(NodeState::exhausted);
        if (node.isEmpty()) {
            return AdmissionResponse.allow();
        }
        return switch (policy.enforcement()) {
            case ENFORCE -> AdmissionResponse.deny(denialMessage(node.get()));
            case WARN -> AdmissionResponse.warn("cgroup-guard (warn mode): node " + node.get().name()
                    + " is cgroup-exhausted; enforce mode would deny this");
            case AUDIT -> AdmissionResponse.audit();
        };
    }

    /** The node this request places a pod on, if it places one and is not exempt. */
    private Optional<String> target(AdmissionRequest request) {
        if (request.createsBinding()) {
            // A Binding carries no pod labels, so only the namespace can exempt it.
            return Exemptions.namespaceExempt(policy, request) ? Optional.empty()
                    : text(request.object().path("target").path("name").asText(""));
        }
        if (request.creates("Pod") && !Exemptions.podExempt(policy, request)) {
            return text(request.object().path("spec").path("nodeName").asText(""));
        }
        return Optional.empty();
    }

    private static Optional<String> text(String value) {
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /**
     * The denial a person reads, usually inside the apiserver's wrapper
     * ({@code admission webhook "..." denied the request: ...}): the node, why, and the command that lifts it.
     */
    static String denialMessage(NodeState node) {
        return "node " + node.name() + " cannot start new pods: its kernel has run out of memory cgroups ("
                + node.quotedExplanation() + "). Schedule the pod elsewhere, or reboot the node. If the node is fine, lift the block with: "
                + "kubectl label node " + node.name() + " " + GuardKeys.OVERRIDE + "=healthy --overwrite";
    }
}
