package io.cgroupguard.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cgroupguard.testing.Reviews;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReviewCodecTest {

    private final ReviewCodec codec = new ReviewCodec();
    private final ObjectMapper mapper = new ObjectMapper();

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("empty", "", "empty body"),
                Arguments.of("notJson", "hello", "not valid JSON"),
                Arguments.of("truncatedJson", "{\"apiVersion\":", "not valid JSON"),
                Arguments.of("trailingGarbage", "{} {}", "not valid JSON"),
                Arguments.of("emptyObject", "{}", "unsupported apiVersion"),
                Arguments.of("array", "[1,2]", "expected a JSON object"),
                Arguments.of("string", "\"AdmissionReview\"", "expected a JSON object"),
                Arguments.of("wrongVersion", "{\"apiVersion\":\"admission.k8s.io/v2\",\"kind\":\"AdmissionReview\"}", "unsupported apiVersion"),
                Arguments.of("wrongKind", "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"Pod\"}", "kind must be AdmissionReview"),
                Arguments.of("noRequest", "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}", "no request"),
                Arguments.of("requestNotObject", "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":[]}", "no request"),
                Arguments.of("noUid", "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{}}", "no uid"),
                Arguments.of("numericUid", "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":7}}", "no uid"),
                Arguments.of("deeplyNestedArray", "[".repeat(100_000) + "]".repeat(100_000), "nested deeper"),
                Arguments.of("deeplyNestedInsideReview", "{\"apiVersion\":\"admission.k8s.io/v1\",\"request\":{\"object\":"
                        + "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000) + "}}", "nested deeper"),
                Arguments.of("deeplyNestedInKeptField", "{\"request\":{\"object\":{\"metadata\":{\"annotations\":"
                        + "[".repeat(100_000) + "]".repeat(100_000) + "}}}}", "nested deeper"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void malformedBody_isRefusedWithShortReason(String name, String body, String reason) {
        MalformedReviewException e = assertThrows(MalformedReviewException.class,
                () -> codec.read(body.getBytes(StandardCharsets.UTF_8)));

        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(e.getMessage().length() < 250, "a short reason: " + e.getMessage());
    }

    @Test
    void reviewIsAnsweredInItsOwnVersion_withUidEchoed() throws Exception {
        for (String version : new String[]{ReviewCodec.V1, ReviewCodec.V1BETA1}) {
            AdmissionRequest request = codec.read(bytes(Reviews.podReview(version, "CREATE", "default",
                    Reviews.json("{'metadata':{'name':'p'},'spec':{}}"))));

            JsonNode answer = mapper.readTree(codec.write(request, AdmissionResponse.allow()));

            assertEquals(version, answer.path("apiVersion").asText());
            assertEquals("AdmissionReview", answer.path("kind").asText());
            assertEquals("uid-create-1", answer.at("/response/uid").asText());
            assertTrue(answer.at("/response/allowed").asBoolean());
            assertFalse(answer.path("response").has("patchType"), "patchType only with a patch");
        }
    }

    @Test
    void patchIsBase64JsonPatch_withPatchType() throws Exception {
        AdmissionRequest request = codec.read(bytes(Reviews.podCreate(Reviews.json("{'metadata':{'name':'p'},'spec':{}}"))));
        JsonPatch patch = new JsonPatch().add("/metadata/annotations", Reviews.json("{'a':'b'}"));

        JsonNode answer = mapper.readTree(codec.write(request, AdmissionResponse.patch(patch.operations())));

        assertEquals("JSONPatch", answer.at("/response/patchType").asText());
        assertEquals(patch.operations(), mapper.readTree(Base64.getDecoder().decode(answer.at("/response/patch").asText())));
    }

    @Test
    void denialCarriesStatusWithMessage() throws Exception {
        AdmissionRequest request = codec.read(bytes(Reviews.podCreate(Reviews.json("{'metadata':{'name':'p'},'spec':{}}"))));

        JsonNode answer = mapper.readTree(codec.write(request, AdmissionResponse.deny("no")));

        assertFalse(answer.at("/response/allowed").asBoolean());
        assertEquals(403, answer.at("/response/status/code").asInt());
        assertEquals("no", answer.at("/response/status/message").asText());
    }

    private byte[] bytes(JsonNode node) throws Exception {
        return mapper.writeValueAsBytes(node);
    }

    @Test
    void objectKeepsOnlyWhatDecisionsRead_andBrokenStructureAnywhereIsRefused() throws Exception {
        String review = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u\","
                + "\"userInfo\":{\"username\":\"alice\"},\"object\":{\"metadata\":{\"name\":\"p\",\"managedFields\":[{}],"
                + "\"labels\":{\"a\":\"b\",\"cgroup-guard.io/exempt\":\"true\"},\"annotations\":{\"note\":\"x\"}},\"spec\":{\"containers\":[{\"name\":\"c\"}],\"nodeName\":\"n\","
                + "\"affinity\":{\"podAffinity\":{},\"nodeAffinity\":{\"x\":1}}},\"status\":{\"phase\":\"Pending\"}}}}";

        JsonNode object = codec.read(review.getBytes(StandardCharsets.UTF_8)).object();

        // Of labels and annotations only the keys decisions read; the objects themselves stay, even when empty.
        assertEquals(Reviews.json("{'metadata':{'name':'p','labels':{'cgroup-guard.io/exempt':'true'},'annotations':{}},"
                + "'spec':{'nodeName':'n',"
                + "'affinity':{'nodeAffinity':{'x':1}}}}"), object);
        // Skipped parts are checked for structure (strings, brackets, literals); kept parts are fully parsed.
        String brokenSkipped = review.replace("[{\"name\":\"c\"}]", "[{\"name\":\"c\"}}");
        assertThrows(MalformedReviewException.class, () -> codec.read(brokenSkipped.getBytes(StandardCharsets.UTF_8)));
        String badLiteral = review.replace("\"Pending\"", "Pending");
        assertThrows(MalformedReviewException.class, () -> codec.read(badLiteral.getBytes(StandardCharsets.UTF_8)));
        String brokenKept = review.replace("{\"a\":\"b\",", "{\"a\" \"b\",");
        assertTrue(brokenKept.contains("\"a\" \"b\""), "the damage is in the body");
        assertThrows(MalformedReviewException.class, () -> codec.read(brokenKept.getBytes(StandardCharsets.UTF_8)));
    }
}
