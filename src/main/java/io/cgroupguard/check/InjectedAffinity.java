package io.cgroupguard.check;

import io.cgroupguard.nodestate.GuardKeys;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;

import java.util.List;
import java.util.Optional;

/**
 * Whether a pod came back from admission with the guard's mark: every required node selector term keeps pods off
 * {@code cgroup-guard.io/state=exhausted}. Only the webhook adds it, so its presence proves the API server
 * called the webhook and applied its patch.
 */
final class InjectedAffinity {

    static final String NAME = "dry-run-admission";

    private InjectedAffinity() {
    }

    static CheckResult check(Pod pod, String namespace) {
        List<NodeSelectorTerm> terms = Optional.ofNullable(pod.getSpec().getAffinity())
                .map(a -> a.getNodeAffinity())
                .map(n -> n.getRequiredDuringSchedulingIgnoredDuringExecution())
                .map(r -> r.getNodeSelectorTerms()).orElse(List.of());
        boolean guarded = !terms.isEmpty() && terms.stream().allMatch(InjectedAffinity::keepsOffExhausted);
        if (guarded) {
            return CheckResult.pass(NAME, "a dry-run pod in " + namespace + " came back with the guard's affinity");
        }
        return CheckResult.fail(NAME, "a dry-run pod in " + namespace + " came back without the guard's affinity:"
                + " the API server did not call the webhook, or ignored its failure (is " + namespace
                + " exempt? are the webhook's endpoints ready?)");
    }

    private static boolean keepsOffExhausted(NodeSelectorTerm term) {
        return Optional.ofNullable(term.getMatchExpressions()).orElse(List.of()).stream()
                .anyMatch(InjectedAffinity::isGuardExpression);
    }

    private static boolean isGuardExpression(NodeSelectorRequirement requirement) {
        return GuardKeys.STATE.equals(requirement.getKey()) && "NotIn".equals(requirement.getOperator())
                && requirement.getValues() != null && requirement.getValues().contains("exhausted");
    }
}
