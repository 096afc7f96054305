package io.cgroupguard.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.cgroupguard.nodestate.GuardKeys;

/**
 * Who the guard leaves alone: pods in exempt namespaces, and pods labelled {@code cgroup-guard.io/exempt=true}.
 * Namespaces labelled exempt are excluded earlier, by the webhook configurations' namespaceSelector, because a
 * review does not carry the namespace's labels.
 */
final class Exemptions {

    private Exemptions() {
    }

    static boolean namespaceExempt(AdmissionPolicy policy, AdmissionRequest request) {
        String namespace = request.namespace().isEmpty()
                ? request.object().path("metadata").path("namespace").asText("")
                : request.namespace();
        return policy.exemptNamespaces().contains(namespace);
    }

    static boolean podExempt(AdmissionPolicy policy, AdmissionRequest request) {
        return namespaceExempt(policy, request)
                || "true".equals(request.object().path("metadata").path("labels").path(GuardKeys.EXEMPT).asText());
    }
}
