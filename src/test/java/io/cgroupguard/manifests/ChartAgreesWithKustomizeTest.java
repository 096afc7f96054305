package io.cgroupguard.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * The chart's default render and the kustomize install are one install: every object they share is equal, field
 * for field, once the labels only Helm adds are set aside. Both default to self-managed certificates, so both ship
 * the same empty Secret and leave the caBundle to the guard. The same holds for each kustomize component and the
 * chart values that switch on what it adds.
 */
class ChartAgreesWithKustomizeTest {

    /** Labels Helm's conventions add to every object and pod template; they select nothing. */
    private static final Set<String> HELM_LABELS = Set.of("app.kubernetes.io/instance", "app.kubernetes.io/managed-by",
            "app.kubernetes.io/version", "helm.sh/chart");
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    @Test
    void everySharedObjectIsTheSame_andOnlyTheNamespaceIsKustomizes() {
        assertSameInstall(normalised(HelmChart.rendered(Map.of())),
                normalised(InstallSources.rendered(InstallSources.INSTALL)));
    }

    /** Each kustomize component, and the chart values that stand for it. */
    static Stream<Arguments> components() {
        return Stream.of(
                argumentSet("monitoring", "monitoring", Map.of("serviceMonitor.enabled", true,
                        "prometheusRule.enabled", true, "grafanaDashboard.enabled", true)),
                argumentSet("network-policy", "network-policy", Map.of("networkPolicy.enabled", true)),
                argumentSet("kured-sentinel", "kured-sentinel", Map.of("agent.rebootSentinel.enabled", true)));
    }

    @ParameterizedTest
    @MethodSource("components")
    void chartWithTheValues_isTheInstallWithTheComponent(String component, Map<String, Object> values) {
        assertSameInstall(normalised(HelmChart.rendered(values)),
                normalised(InstallSources.renderedWithComponent(component)));
    }

    private static void assertSameInstall(Map<String, JsonNode> chart, Map<String, JsonNode> kustomize) {
        Set<String> onlyKustomize = new TreeSet<>(kustomize.keySet());
        onlyKustomize.removeAll(chart.keySet());
        Set<String> onlyChart = new TreeSet<>(chart.keySet());
        onlyChart.removeAll(kustomize.keySet());
        // helm install --create-namespace makes the namespace.
        assertEquals(Set.of("Namespace/cgroup-guard"), onlyKustomize);
        assertEquals(Set.of(), onlyChart);
        for (String shared : chart.keySet()) {
            assertEquals(kustomize.get(shared), chart.get(shared), shared);
        }
    }

    private static Map<String, JsonNode> normalised(InstallObjects install) {
        Map<String, JsonNode> objects = new TreeMap<>();
        for (HasMetadata object : install.objects()) {
            ObjectNode tree = (ObjectNode) SERIALIZATION.convertValue(object, JsonNode.class);
            withoutHelmLabels(tree.path("metadata"));
            withoutHelmLabels(tree.path("spec").path("template").path("metadata"));
            objects.put(object.getKind() + "/" + object.getMetadata().getName(), tree);
        }
        return objects;
    }

    private static void withoutHelmLabels(JsonNode metadata) {
        if (metadata.path("labels") instanceof ObjectNode labels) {
            labels.remove(List.copyOf(HELM_LABELS));
        }
    }
}
