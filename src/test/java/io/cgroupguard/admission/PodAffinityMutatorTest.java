package io.cgroupguard.admission;

import io.cgroupguard.config.Enforcement;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.cgroupguard.nodestate.GuardKeys;
import io.cgroupguard.nodestate.NodeStateCache;
import io.cgroupguard.testing.Reviews;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Set;
import java.util.stream.Stream;

import static io.cgroupguard.testing.Reviews.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PodAffinityMutatorTest {

    private static final String REQUIRED = "requiredDuringSchedulingIgnoredDuringExecution";
    private static final String GUARD = "{'key':'cgroup-guard.io/state','operator':'NotIn','values':['exhausted']}";
    private static final String ZONE = "{'key':'zone','operator':'In','values':['a']}";

    private final PodAffinityMutator mutator = new PodAffinityMutator(AdmissionPolicy.defaults(), new NodeStateCache());

    /**
     * Each case: a pod spec, and the required nodeSelectorTerms expected after the patch is applied
     * ({@code null} when the pod must come out unchanged).
     */
    static Stream<Arguments> specs() {
        return Stream.of(
                Arguments.of("noAffinity_getsOneGuardedTerm",
                        "{'containers':[]}",
                        "[{'matchExpressions':[" + GUARD + "]}]"),
                Arguments.of("oneTerm_getsExpressionAppended",
                        "{'affinity':{'nodeAffinity':{'" + REQUIRED + "':{'nodeSelectorTerms':[{'matchExpressions':[" + ZONE + "]}]}}}}",
                        "[{'matchExpressions':[" + ZONE + "," + GUARD + "]}]"),
                Arguments.of("twoTerms_eachGetsExpression",
                        "{'affinity':{'nodeAffinity':{'" + REQUIRED + "':{'nodeSelectorTerms':[{'matchExpressions':[" + ZONE + "]},"
                                + "{'matchExpressions':[{'key':'disk','operator':'Exists'}]}]}}}}",
                        "[{'matchExpressions':[" + ZONE + "," + GUARD + "]},"
                                + "{'matchExpressions':[{'key':'disk','operator':'Exists'}," + GUARD + "]}]"),
                Arguments.of("matchFieldsOnlyTerm_ofDaemonSetPod_getsExpressionsBesideFields",
                        "{'affinity':{'nodeAffinity':{'" + REQUIRED + "':{'nodeSelectorTerms':[{'matchFields':"
                                + "[{'key':'metadata.name','operator':'In','values':['n1']}]}]}}}}",
                        "[{'matchFields':[{'key':'metadata.name','operator':'In','values':['n1']}],'matchExpressions':[" + GUARD + "]}]"),
                Arguments.of("oneOfThreeGuarded_othersGetIt_guardedOneUntouched",
                        "{'affinity':{'nodeAffinity':{'" + REQUIRED + "':{'nodeSelectorTerms':[{'matchExpressions':[" + ZONE + "]},"
                                + "{'matchExpressions':[" + GUARD + "]},{'matchExpressions':[]," + "'matchFields':[{'key':'metadata.name','operator':'In','values':['n2']}]}]}}}}",
                        "[{'matchExpressions':[" + ZONE + "," + GUARD + "]},{'matchExpressions':[" + GUARD + "]},"
                                + "{'matchExpressions':[" + GUARD + "],'matchFields':[{'key':'metadata.name','operator':'In','values':['n2']}]}]"),
                Arguments.of("emptyTerm_staysEmpty_becauseItMatchesNoNode",
                        "{'affinity':{'nodeAffinity':{'" + REQUIRED + "':{'nodeSelectorTerms':[{},{'matchExpressions':[" + ZONE + "]}]}}}}",
                        "[{},{'matchExpressions':[" + ZONE + "," + GUARD + "]}]"),
                Arguments.of("preferredOnly_getsRequiredBesidePreferred",
                        "{'affinity':{'nodeAffinity':{'preferredDuringSchedulingIgnoredDuringExecution':[{'weight':50,'preference':{'matchExpressions':[" + ZONE + "]}}]}}}",
                        "[{'matchExpressions':[" + GUARD + "]}]"),
                Arguments.of("antiAffinityOnly_getsNodeAffinityBesideIt",
                        "{'affinity':{'podAntiAffinity':{'requiredDuringSchedulingIgnoredDuringExecution':[{'topologyKey':'kubernetes.io/hostname','labelSelector':{'matchLabels':{'app':'x'}}}]}}}",
                        "[{'matchExpressions':[" + GUARD + "]}]"),
                Arguments.of("nullNodeAffinity_isReplaced",
                        "{'affinity':{'nodeAffinity':null}}",
                        "[{'matchExpressions':[" + GUARD + "]}]"),
                Arguments.of("requiredWithoutTerms_getsOneTerm",
                        "{'affinity':{'nodeAffinity':{'" + REQUIRED + "':{}}}}",
                        "[{'matchExpressions':[" + GUARD + "]}]"),
                Arguments.of("nodeSelector_isLeftAlone",
                        "{'nodeSelector':{'disk':'ssd'}}",
                        "[{'matchExpressions':[" + GUARD + "]}]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("specs")
    void patchGuardsEveryTerm_andLeavesTheRestAsItWas(String name, String spec, String expectedTerms)
            throws Exception {
        JsonNode pod = json("{'metadata':{'name':'p','annotations':{'team':'a/b'}},'spec':" + spec
                + ",'status':{'phase':'Pending'}}");

        ArrayNode patch = mutator.patchFor(pod).operations();
        JsonNode result = JsonPatch.apply(pod, patch);

        patch.forEach(op -> assertEquals("add", op.path("op").asText(), "only add operations: " + op));
        assertEquals(json(expectedTerms), result.at("/spec/affinity/nodeAffinity/" + REQUIRED + "/nodeSelectorTerms"));
        assertEquals("injected", result.at("/metadata/annotations/cgroup-guard.io~1affinity").asText());
        assertEquals("a/b", result.at("/metadata/annotations/team").asText());
        JsonNode before = pod.path("spec");
        JsonNode after = result.path("spec");
        for (String untouched : new String[]{"/affinity/podAffinity", "/affinity/podAntiAffinity",
                "/affinity/nodeAffinity/preferredDuringSchedulingIgnoredDuringExecution", "/nodeSelector", "/containers"}) {
            assertEquals(before.at(untouched), after.at(untouched), untouched + " must not change");
        }
        assertTrue(mutator.patchFor(result).isEmpty(), "a second pass over the patched pod changes nothing");
        JsonNode asParsed = new ReviewCodec().read(Reviews.podCreate(pod).toString().getBytes()).object();
        assertEquals(patch, mutator.patchFor(asParsed).operations(), "the codec's pruned view yields the same patch");
    }

    @Test
    void annotationKeyIsEscaped_whenPodHasAnnotations() {
        JsonNode pod = json("{'metadata':{'annotations':{'a':'b'}},'spec':{'affinity':{'nodeAffinity':{'" + REQUIRED
                + "':{'nodeSelectorTerms':[{'matchExpressions':[" + GUARD + "]}]}}}}}");

        ArrayNode patch = mutator.patchFor(pod).operations();

        assertEquals(json("[{'op':'add','path':'/metadata/annotations/cgroup-guard.io~1affinity','value':'injected'}]"), patch);
    }

    @Test
    void annotationsObjectIsCreated_whenPodHasNone() {
        JsonNode pod = json("{'metadata':{'name':'p'},'spec':{}}");

        JsonNode result = JsonPatch.apply(pod, mutator.patchFor(pod).operations());

        assertEquals(json("{'cgroup-guard.io/affinity':'injected'}"), result.at("/metadata/annotations"));
    }

    @Test
    void preferredTermAwayFromAtRisk_isAddedOnce_whenConfigured() {
        PodAffinityMutator preferring = new PodAffinityMutator(
                new AdmissionPolicy(Enforcement.ENFORCE, Set.of(), true), new NodeStateCache());
        JsonNode pod = json("{'metadata':{},'spec':{'affinity':{'nodeAffinity':{'preferredDuringSchedulingIgnoredDuringExecution':"
                + "[{'weight':50,'preference':{'matchExpressions':[" + ZONE + "]}}]}}}}");

        JsonNode result = JsonPatch.apply(pod, preferring.patchFor(pod).operations());

        JsonNode preferred = result.at("/spec/affinity/nodeAffinity/preferredDuringSchedulingIgnoredDuringExecution");
        assertEquals(2, preferred.size());
        assertEquals(json("{'weight':50,'preference':{'matchExpressions':[" + ZONE + "]}}"), preferred.get(0));
        assertEquals(json("{'weight':" + PodAffinityMutator.PREFERRED_WEIGHT + ",'preference':{'matchExpressions':"
                + "[{'key':'cgroup-guard.io/state','operator':'NotIn','values':['at-risk']}]}}"), preferred.get(1));
        assertTrue(preferring.patchFor(result).isEmpty());
    }

    @Test
    void exemptLabelledPod_isNotPatched() {
        JsonNode pod = json("{'metadata':{'labels':{'" + GuardKeys.EXEMPT + "':'true'}},'spec':{}}");

        AdmissionResponse response = mutator.handle(request("CREATE", "default", pod));

        assertEquals(AdmissionResponse.Outcome.ALLOWED, response.outcome());
        assertFalse(response.patch().isPresent());
    }

    @Test
    void podInExemptNamespace_isNotPatched() {
        AdmissionResponse response = mutator.handle(request("CREATE", "kube-system", json("{'metadata':{'name':'p'},'spec':{}}")));

        assertFalse(response.patch().isPresent());
    }

    @Test
    void podWithoutMetadataOrSpec_isLeftToValidation() {
        for (String pod : new String[]{"{'spec':{}}", "{'metadata':{'name':'p'}}", "{'metadata':{'name':'p'},'spec':7}"}) {
            AdmissionResponse response = mutator.handle(request("CREATE", "default", json(pod)));

            assertEquals(AdmissionResponse.Outcome.ALLOWED, response.outcome(), pod);
            assertFalse(response.patch().isPresent(), pod);
        }
    }

    @Test
    void updateIsAllowedUntouched() {
        AdmissionResponse response = mutator.handle(request("UPDATE", "default", json("{'metadata':{'name':'p'},'spec':{}}")));

        assertEquals(AdmissionResponse.Outcome.ALLOWED, response.outcome());
        assertFalse(response.patch().isPresent());
    }

    @Test
    void auditMode_patchesNothing() {
        PodAffinityMutator audit = new PodAffinityMutator(
                new AdmissionPolicy(Enforcement.AUDIT, Set.of(), false), new NodeStateCache());

        AdmissionResponse response = audit.handle(request("CREATE", "default", json("{'metadata':{'name':'p'},'spec':{}}")));

        assertEquals(AdmissionResponse.Outcome.AUDITED, response.outcome());
        assertFalse(response.patch().isPresent());
    }

    static AdmissionRequest request(String operation, String namespace, JsonNode pod) {
        return new AdmissionRequest(ReviewCodec.V1, "uid", "Pod", "", operation, namespace, pod);
    }
}
