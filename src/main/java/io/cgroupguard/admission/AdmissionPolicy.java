package io.cgroupguard.admission;

import io.cgroupguard.config.Enforcement;

import java.util.Set;

/**
 * The settings a decision depends on, as a plain value, so the webhook, the {@code review} command and tests
 * build the same decisions without CDI.
 *
 * @param enforcement          deny, warn or audit
 * @param exemptNamespaces     namespaces whose pods are never touched
 * @param preferAwayFromAtRisk also add a preferred (soft) term away from {@code at-risk} nodes
 */
public record AdmissionPolicy(Enforcement enforcement, Set<String> exemptNamespaces, boolean preferAwayFromAtRisk) {

    /**
     * The defaults of docs/design.md ("The admission contract"): enforce, with kube-system and the guard's own
     * namespace exempt.
     */
    public static AdmissionPolicy defaults() {
        return new AdmissionPolicy(Enforcement.ENFORCE, Set.of("kube-system", "cgroup-guard"), false);
    }

    public AdmissionPolicy {
        exemptNamespaces = Set.copyOf(exemptNamespaces);
    }
}
