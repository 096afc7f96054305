package io.cgroupguard.admission;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.cgroupguard.nodestate.GuardKeys;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * Reads AdmissionReview bodies into {@link AdmissionRequest}s and writes answers back, in the API version the
 * review came in ({@code admission.k8s.io/v1} or {@code v1beta1}: old clusters only send the latter).
 * Works on Jackson trees: no reflection over a typed model, and the pod is parsed exactly once.
 */
public final class ReviewCodec {

    public static final String V1 = "admission.k8s.io/v1";
    public static final String V1BETA1 = "admission.k8s.io/v1beta1";
    private static final Set<String> VERSIONS = Set.of(V1, V1BETA1);

    /**
     * Deepest nesting accepted. A Pod's deepest path (an ephemeral volume's claim template selector) is about
     * 15 levels under the review; 64 leaves room and refuses stack-hungry bodies early.
     */
    static final int MAX_NESTING_DEPTH = 64;

    /**
     * The parts of a review that the handlers read: the request's identity, and of the object only the pod's
     * name and namespace, its exemption label and affinity annotation (the label and annotation objects stay,
     * with only those keys, so whether a pod has annotations at all is still known), {@code spec.nodeName},
     * {@code spec.affinity.nodeAffinity}, and a Binding's {@code target}. Everything else is skipped while
     * parsing.
     */
    private static final FieldSelection REVIEW = FieldSelection.of(Map.of(
            "apiVersion", FieldSelection.ALL,
            "kind", FieldSelection.ALL,
            "request", FieldSelection.of(Map.of(
                    "uid", FieldSelection.ALL,
                    "kind", FieldSelection.ALL,
                    "subResource", FieldSelection.ALL,
                    "operation", FieldSelection.ALL,
                    "namespace", FieldSelection.ALL,
                    "object", FieldSelection.of(Map.of(
                            "metadata", FieldSelection.of(Map.of(
                                    "name", FieldSelection.ALL,
                                    "namespace", FieldSelection.ALL,
                                    "labels", FieldSelection.fields(GuardKeys.EXEMPT),
                                    "annotations", FieldSelection.fields(GuardKeys.AFFINITY))),
                            "spec", FieldSelection.of(Map.of(
                                    "nodeName", FieldSelection.ALL,
                                    "affinity", FieldSelection.fields("nodeAffinity"))),
                            "target", FieldSelection.ALL))))));

    /** Room for a typical answer (an allowed review is about 130 bytes, a patched one about 600). */
    private static final int ANSWER_SIZE_HINT = 1024;

    private final ObjectMapper mapper;

    public ReviewCodec() {
        mapper = JsonMapper.builder().build();
    }

    /**
     * Parses a review body; every way it can be wrong ends in a {@link MalformedReviewException}. Only
     * {@link #REVIEW} is parsed into nodes (and fully validated); the rest is skipped by {@link JsonSkipper}.
     */
    public AdmissionRequest read(byte[] body) throws MalformedReviewException {
        if (body == null || body.length == 0) {
            throw new MalformedReviewException("empty body: expected an AdmissionReview");
        }
        JsonSkipper skipper = new JsonSkipper(body, body.length, MAX_NESTING_DEPTH);
        int first = skipper.skipWhitespace(0);
        if (first >= body.length || body[first] != '{') {
            skipper.skipValue(first, 0);
            throw new MalformedReviewException("expected a JSON object (an AdmissionReview)");
        }
        FieldSelection.Read read = REVIEW.read(body, first, 0, skipper, mapper);
        if (skipper.skipWhitespace(read.end()) != body.length) {
            throw new MalformedReviewException("body is not valid JSON: trailing content after the review");
        }
        JsonNode root = read.value();
        if (root == null || !root.isObject()) {
            throw new MalformedReviewException("expected a JSON object (an AdmissionReview)");
        }
        String apiVersion = root.path("apiVersion").asText("");
        if (!VERSIONS.contains(apiVersion)) {
            throw new MalformedReviewException("unsupported apiVersion '" + apiVersion + "': expected "
                    + V1 + " or " + V1BETA1);
        }
        if (!"AdmissionReview".equals(root.path("kind").asText(""))) {
            throw new MalformedReviewException("kind must be AdmissionReview");
        }
        JsonNode request = root.get("request");
        if (request == null || !request.isObject()) {
            throw new MalformedReviewException("AdmissionReview has no request object");
        }
        JsonNode uid = request.get("uid");
        if (uid == null || !uid.isTextual() || uid.asText().isBlank()) {
            throw new MalformedReviewException("AdmissionReview request has no uid");
        }
        return new AdmissionRequest(apiVersion, uid.asText(),
                request.path("kind").path("kind").asText(""),
                request.path("subResource").asText(""),
                request.path("operation").asText(""),
                request.path("namespace").asText(""),
                request.path("object"));
    }

    /**
     * Writes the AdmissionReview that answers {@code request}. Streamed straight to bytes: the answer is small
     * and fixed in shape, so a tree built only to be serialized would be allocation for nothing. The patch goes
     * out as standard base64, as the apiserver reads it.
     */
    public byte[] write(AdmissionRequest request, AdmissionResponse response) {
        try {
            // Before the answer's own generator exists: nested, the two would not share Jackson's recycled
            // buffers, and the patch's would be allocated afresh (BENCHMARKS.md, History).
            byte[] patch = response.patch().isEmpty() ? null : mapper.writeValueAsBytes(response.patch().get());
            return writeAnswer(request, response, patch);
        } catch (IOException e) {
            // Writing plain values into memory does not fail; reaching this is a bug, not bad input.
            throw new IllegalStateException("could not write an AdmissionReview answer", e);
        }
    }

    private byte[] writeAnswer(AdmissionRequest request, AdmissionResponse response, byte[] patch) throws IOException {
        try (ByteArrayBuilder buffer = new ByteArrayBuilder(ANSWER_SIZE_HINT)) {
            try (JsonGenerator out = mapper.getFactory().createGenerator(buffer)) {
                out.writeStartObject();
                out.writeStringField("apiVersion", request.apiVersion());
                out.writeStringField("kind", "AdmissionReview");
                out.writeObjectFieldStart("response");
                out.writeStringField("uid", request.uid());
                out.writeBooleanField("allowed", response.allowed());
                if (response.message().isPresent()) {
                    out.writeObjectFieldStart("status");
                    out.writeNumberField("code", 403);
                    out.writeStringField("reason", "Forbidden");
                    out.writeStringField("message", response.message().get());
                    out.writeEndObject();
                }
                if (patch != null) {
                    out.writeStringField("patchType", "JSONPatch");
                    // Jackson's default base64 is the standard alphabet, padded, without line breaks: as the
                    // apiserver decodes it, and written straight from the bytes, with no String in between.
                    out.writeFieldName("patch");
                    out.writeBinary(patch);
                }
                if (!response.warnings().isEmpty()) {
                    out.writeArrayFieldStart("warnings");
                    for (String warning : response.warnings()) {
                        out.writeString(warning);
                    }
                    out.writeEndArray();
                }
                out.writeEndObject();
                out.writeEndObject();
            }
            return buffer.toByteArray();
        }
    }

    /** The mapper's parser settings, for tools that read reviews the same way. */
    public ObjectMapper mapper() {
        return mapper;
    }
}
