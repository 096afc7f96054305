package io.cgroupguard.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cgroupguard.nodestate.NodeCacheReadiness;
import io.cgroupguard.testing.Https;
import io.cgroupguard.testing.Management;
import io.cgroupguard.testing.Reviews;
import io.cgroupguard.testing.StandaloneProfiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.stream.Stream;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Both endpoints over real HTTPS, standalone on the test node list, in the default enforce mode. */
@QuarkusTest
@TestProfile(StandaloneProfiles.Enforce.class)
class AdmissionEndpointTest {

    /** SmallRye Health's own readiness check, present in every mode since quarkus.shutdown.delay-enabled:
     * DOWN from the moment a SIGTERM arrives (RELIABILITY.md, clean shutdown). */
    private static final String SHUTDOWN_READINESS = "Graceful Shutdown";

    private static final ObjectMapper MAPPER = new ObjectMapper();

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.cgroupguard.admission.AdmissionEndpointTest#versions")
    void pinnedPodOnExhaustedNode_isDenied_inTheReviewsOwnVersion(String version) throws Exception {
        JsonNode answer = post("/validate", Reviews.podReview(version, "CREATE", "default",
                Reviews.pinnedPod("web-1", "sick-node")));

        assertEquals(version, answer.path("apiVersion").asText());
        assertEquals("uid-create-1", answer.at("/response/uid").asText());
        assertFalse(answer.at("/response/allowed").asBoolean());
        String message = answer.at("/response/status/message").asText();
        assertTrue(message.contains("node sick-node"), message);
        assertTrue(message.contains("kubelet reported 70 failed memory cgroup creations"), message);
        assertTrue(message.contains("kubectl label node sick-node cgroup-guard.io/override=healthy --overwrite"), message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.cgroupguard.admission.AdmissionEndpointTest#versions")
    void bindingOntoNodeBlockedByOverride_isDenied(String version) throws Exception {
        JsonNode answer = post("/validate", Reviews.binding(version, "default", "web-2", "blocked-by-hand"));

        assertEquals(version, answer.path("apiVersion").asText());
        assertEquals("uid-binding-web-2", answer.at("/response/uid").asText());
        assertFalse(answer.at("/response/allowed").asBoolean());
    }

    @Test
    void bindingOntoHealthyNode_isAllowed() throws Exception {
        JsonNode answer = post("/validate", Reviews.binding(ReviewCodec.V1, "default", "web-3", "ok-node"));

        assertTrue(answer.at("/response/allowed").asBoolean());
    }

    @Test
    void pinnedPodOnTrustedNode_isAllowed() throws Exception {
        JsonNode answer = post("/validate", Reviews.podCreate(Reviews.pinnedPod("web-4", "trusted-by-hand")));

        assertTrue(answer.at("/response/allowed").asBoolean());
    }

    @Test
    void pinnedPodInExemptNamespace_isAllowed() throws Exception {
        JsonNode answer = post("/validate", Reviews.podReview(ReviewCodec.V1, "CREATE", "kube-system",
                Reviews.pinnedPod("dns", "sick-node")));

        assertTrue(answer.at("/response/allowed").asBoolean());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("io.cgroupguard.admission.AdmissionEndpointTest#versions")
    void podCreate_isPatchedWithGuardedAffinity(String version) throws Exception {
        JsonNode pod = Reviews.json("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p'},'spec':{'containers':[]}}");

        JsonNode answer = post("/mutate", Reviews.podReview(version, "CREATE", "default", pod));

        assertEquals(version, answer.path("apiVersion").asText());
        assertTrue(answer.at("/response/allowed").asBoolean());
        assertEquals("JSONPatch", answer.at("/response/patchType").asText());
        JsonNode patch = MAPPER.readTree(Base64.getDecoder().decode(answer.at("/response/patch").asText()));
        JsonNode patched = JsonPatch.apply(pod, (com.fasterxml.jackson.databind.node.ArrayNode) patch);
        assertEquals(Reviews.json("[{'matchExpressions':[{'key':'cgroup-guard.io/state','operator':'NotIn','values':['exhausted']}]}]"),
                patched.at("/spec/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms"));
    }

    @Test
    void exemptLabelledPod_isNotPatched() throws Exception {
        JsonNode pod = Reviews.json("{'metadata':{'name':'p','labels':{'cgroup-guard.io/exempt':'true'}},'spec':{}}");

        JsonNode answer = post("/mutate", Reviews.podCreate(pod));

        assertTrue(answer.at("/response/allowed").asBoolean());
        assertFalse(answer.path("response").has("patch"));
    }

    @Test
    void otherKind_isAllowedUntouched() throws Exception {
        var review = Reviews.podCreate(Reviews.json("{'metadata':{'name':'cm'}}"));
        ((com.fasterxml.jackson.databind.node.ObjectNode) review.at("/request/kind")).put("kind", "ConfigMap");

        JsonNode answer = post("/mutate", review);

        assertTrue(answer.at("/response/allowed").asBoolean());
        assertFalse(answer.path("response").has("patch"));
    }

    static Stream<Arguments> badBodies() {
        return Stream.of(
                Arguments.of("notJson", "this is not json", "not valid JSON"),
                Arguments.of("empty", "", "empty body"),
                Arguments.of("emptyObject", "{}", "unsupported apiVersion"),
                Arguments.of("array", "[]", "expected a JSON object"),
                Arguments.of("noRequest", "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\"}", "no request"),
                Arguments.of("noUid", "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"operation\":\"CREATE\"}}", "no uid"),
                Arguments.of("deeplyNested", "{\"a\":".repeat(5000) + "1" + "}".repeat(5000), "nested deeper"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badBodies")
    void badInput_gets400WithReason_andTheNextGoodRequestIsAnswered(String name, String body, String reason)
            throws Exception {
        for (String path : new String[]{"/mutate", "/validate"}) {
            Https.given().contentType("application/json").body(body).post(path)
                    .then().statusCode(400).body(containsString(reason));
        }
        assertTrue(post("/validate", Reviews.podCreate(Reviews.pinnedPod("after", "ok-node")))
                .at("/response/allowed").asBoolean());
    }

    @Test
    void bodyOverTheLimit_gets413_andTheNextGoodRequestIsAnswered() throws Exception {
        // 4 MiB of valid JSON: over the documented 3 MiB limit, so refused before it is parsed.
        String huge = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u\","
                + "\"object\":{\"data\":\"" + "x".repeat(4 * 1024 * 1024) + "\"}}}";

        // Expect: 100-continue, as a well-behaved client sends a large body: the server refuses it from the
        // headers, before any of it is written.
        assertEquals(413, Https.post("/validate", huge, Https.Transport.EXPECT_CONTINUE).statusCode());

        assertTrue(post("/validate", Reviews.podCreate(Reviews.pinnedPod("after", "ok-node")))
                .at("/response/allowed").asBoolean());
    }

    @Test
    void chunkedBodyOverTheLimit_gets413WithReason_andTheNextGoodRequestIsAnswered() throws Exception {
        // No length declared, so nothing can refuse it from the headers: the cap applies as the chunks arrive.
        String huge = "{\"apiVersion\":\"admission.k8s.io/v1\",\"kind\":\"AdmissionReview\",\"request\":{\"uid\":\"u\","
                + "\"object\":{\"data\":\"" + "x".repeat(4 * 1024 * 1024) + "\"}}}";

        HttpResponse<String> refused = Https.post("/mutate", huge, Https.Transport.CHUNKED);

        assertEquals(413, refused.statusCode());
        assertTrue(refused.body().contains("request body is larger than 3145728 bytes"), refused.body());
        assertTrue(post("/validate", Reviews.podCreate(Reviews.pinnedPod("after", "ok-node")))
                .at("/response/allowed").asBoolean());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Https.Transport.class)
    void reviewOverEveryTransport_isAnswered(Https.Transport transport) throws Exception {
        HttpResponse<String> answer = Https.post("/validate",
                Reviews.podCreate(Reviews.pinnedPod("over-" + transport, "sick-node")).toString(), transport);

        assertEquals(transport.version(), answer.version());
        assertEquals(200, answer.statusCode(), answer.body());
        assertFalse(MAPPER.readTree(answer.body()).at("/response/allowed").asBoolean());
    }

    @Test
    void reviewSentAsAForm_isReadAsJson() throws Exception {
        // curl -d sends application/x-www-form-urlencoded; the body is still the review.
        Response response = Https.given().contentType("application/x-www-form-urlencoded")
                .body(Reviews.podCreate(Reviews.pinnedPod("form", "sick-node")).toString()).post("/validate");

        assertEquals(200, response.statusCode(), response.asString());
        assertFalse(MAPPER.readTree(response.asByteArray()).at("/response/allowed").asBoolean());
    }

    @Test
    void getOnAnEndpoint_isMethodNotAllowed() {
        Https.given().get("/validate").then().statusCode(405);
    }

    @Test
    void readinessIsUp_onceTheNodeListIsLoaded() {
        Https.given().get("/q/health/ready").then().statusCode(200).body(containsString("node-cache"))
                .body("checks.name", containsInAnyOrder(NodeCacheReadiness.NAME, SHUTDOWN_READINESS));
    }

    @Test
    void decisionsAreCounted_inPrometheusMetrics() throws Exception {
        post("/validate", Reviews.podCreate(Reviews.pinnedPod("counted", "sick-node")));

        String metrics = Management.metrics();

        assertTrue(metrics.contains("cgroup_guard_admission_decisions_total{endpoint=\"validate\",result=\"denied\"}"),
                "denials counted");
        assertTrue(metrics.contains("cgroup_guard_admission_duration_seconds_count{endpoint=\"validate\"}"),
                "latency recorded");
        assertTrue(metrics.contains("cgroup_guard_admission_duration_seconds_bucket{endpoint=\"validate\",le=\"0.001\"}"),
                "latency is a histogram with a 1 ms bucket");
        Https.given().get("/q/metrics").then().statusCode(404);
    }

    static Stream<String> versions() {
        return Stream.of(ReviewCodec.V1, ReviewCodec.V1BETA1);
    }

    static JsonNode post(String path, JsonNode review) throws Exception {
        Response response = Https.given().contentType("application/json").body(review.toString()).post(path);
        assertEquals(200, response.statusCode(), response.asString());
        return MAPPER.readTree(response.asByteArray());
    }
}
