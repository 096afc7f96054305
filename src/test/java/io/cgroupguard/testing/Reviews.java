package io.cgroupguard.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;

/** Builds AdmissionReview bodies for tests, from pod JSON written inline. */
public final class Reviews {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Reviews() {
    }

    /** Parses JSON written with single quotes for readability in Java strings. */
    public static JsonNode json(String singleQuoted) {
        try {
            return MAPPER.readTree(singleQuoted.replace('\'', '"'));
        } catch (Exception e) {
            throw new UncheckedIOException(new java.io.IOException("bad test JSON: " + singleQuoted, e));
        }
    }

    /** A review of {@code operation} on a Pod in {@code namespace}. */
    public static ObjectNode podReview(String apiVersion, String operation, String namespace, JsonNode pod) {
        ObjectNode review = MAPPER.createObjectNode().put("apiVersion", apiVersion).put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request").put("uid", "uid-" + operation.toLowerCase() + "-1")
                .put("operation", operation).put("namespace", namespace);
        request.putObject("kind").put("group", "").put("version", "v1").put("kind", "Pod");
        request.putObject("resource").put("group", "").put("version", "v1").put("resource", "pods");
        request.set("object", pod);
        return review;
    }

    /** A v1 CREATE review of a pod in namespace {@code default}. */
    public static ObjectNode podCreate(JsonNode pod) {
        return podReview("admission.k8s.io/v1", "CREATE", "default", pod);
    }

    /** A {@code pods/binding} CREATE: the scheduler binding pod {@code pod} to {@code node}. */
    public static ObjectNode binding(String apiVersion, String namespace, String pod, String node) {
        ObjectNode review = MAPPER.createObjectNode().put("apiVersion", apiVersion).put("kind", "AdmissionReview");
        ObjectNode request = review.putObject("request").put("uid", "uid-binding-" + pod)
                .put("operation", "CREATE").put("namespace", namespace).put("name", pod)
                .put("subResource", "binding");
        request.putObject("kind").put("group", "").put("version", "v1").put("kind", "Binding");
        request.putObject("resource").put("group", "").put("version", "v1").put("resource", "pods");
        ObjectNode binding = request.putObject("object").put("apiVersion", "v1").put("kind", "Binding");
        binding.putObject("metadata").put("name", pod).put("namespace", namespace);
        binding.putObject("target").put("apiVersion", "v1").put("kind", "Node").put("name", node);
        return review;
    }

    /** A pod named {@code name} pinned to {@code node}. */
    public static JsonNode pinnedPod(String name, String node) {
        return json("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'" + name + "'},"
                + "'spec':{'nodeName':'" + node + "','containers':[{'name':'c','image':'busybox'}]}}");
    }

    public static String text(JsonNode node) {
        return node.toString();
    }
}
