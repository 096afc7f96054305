package io.cgroupguard.admission;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The parts of an AdmissionReview's {@code request} that decisions read. The object stays a JSON tree: the
 * mutator patches against exactly what the apiserver sent, and no typed copy of the pod is ever made.
 *
 * @param apiVersion  {@code admission.k8s.io/v1} or {@code admission.k8s.io/v1beta1}; the answer uses the same
 * @param uid         the request's uid, echoed in the answer
 * @param kind        {@code request.kind.kind}, e.g. {@code Pod} or {@code Binding}; empty when absent
 * @param subResource {@code request.subResource}, e.g. {@code binding}; empty when absent
 * @param operation   {@code CREATE}, {@code UPDATE}, ...; empty when absent
 * @param namespace   {@code request.namespace}; empty when absent
 * @param object      {@code request.object}; a missing node when absent
 */
public record AdmissionRequest(String apiVersion, String uid, String kind, String subResource, String operation,
                               String namespace, JsonNode object) {

    /** True for a CREATE of the given kind with no subresource. */
    public boolean creates(String objectKind) {
        return "CREATE".equals(operation) && objectKind.equals(kind) && subResource.isEmpty();
    }

    /** True for a {@code pods/binding} CREATE, the scheduler placing a pod on a node. */
    public boolean createsBinding() {
        return "CREATE".equals(operation) && "Binding".equals(kind)
                && (subResource.isEmpty() || "binding".equals(subResource));
    }
}
