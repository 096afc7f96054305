package io.cgroupguard.manifests;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The install with the monitoring component, rendered by kubectl: each metrics Service reaches its pods' metrics
 * port, the ServiceMonitor selects both Services and nothing else, and the dashboard ConfigMap carries the label
 * Grafana's sidecar looks for.
 */
class MonitoringComponentTest {

    @Test
    void metricsServicesReachThePodsAndTheServiceMonitorSelectsThem(@TempDir Path tmp) throws Exception {
        Path kubectl = Kustomize.kubectlOrSkip();
        Path tree = Kustomize.installTree(tmp);
        Path withMonitoring = tree.resolve("with-monitoring");
        Files.createDirectories(withMonitoring);
        Files.writeString(withMonitoring.resolve("kustomization.yaml"), """
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources: [../base]
                components: [../certs, ../components/monitoring]
                """);
        InstallObjects install = InstallObjects.parse("the install with monitoring",
                Kustomize.render(kubectl, withMonitoring));

        assertReaches(install.one(Service.class, "cgroup-guard-metrics"),
                install.one(Deployment.class, "cgroup-guard").getSpec().getTemplate());
        assertReaches(install.one(Service.class, "cgroup-guard-agent-metrics"),
                install.one(DaemonSet.class, "cgroup-guard-agent").getSpec().getTemplate());

        GenericKubernetesResource monitor = install.all(GenericKubernetesResource.class).stream()
                .filter(r -> r.getKind().equals("ServiceMonitor")).findFirst().orElseThrow();
        @SuppressWarnings("unchecked")
        Map<String, String> selector = (Map<String, String>) ((Map<String, Object>) ((Map<String, Object>)
                monitor.getAdditionalProperties().get("spec")).get("selector")).get("matchLabels");
        List<String> selected = install.all(Service.class).stream()
                .filter(s -> s.getMetadata().getLabels().entrySet().containsAll(selector.entrySet()))
                .map(s -> s.getMetadata().getName()).sorted().toList();
        assertEquals(List.of("cgroup-guard-agent-metrics", "cgroup-guard-metrics"), selected,
                "the webhook's HTTPS Service is not scraped");

        ConfigMap dashboard = install.one(ConfigMap.class, "cgroup-guard-dashboard");
        assertEquals("1", dashboard.getMetadata().getLabels().get("grafana_dashboard"));
        assertTrue(dashboard.getData().containsKey("grafana-dashboard.json"));
        assertTrue(install.all(GenericKubernetesResource.class).stream()
                .anyMatch(r -> r.getKind().equals("PrometheusRule")));
    }

    private static void assertReaches(Service service, PodTemplateSpec template) {
        assertTrue(template.getMetadata().getLabels().entrySet().containsAll(service.getSpec().getSelector().entrySet()),
                service.getMetadata().getName() + " selects the pods");
        PodSpec pod = template.getSpec();
        String target = service.getSpec().getPorts().get(0).getTargetPort().getStrVal();
        assertEquals(9000, pod.getContainers().get(0).getPorts().stream().filter(p -> target.equals(p.getName()))
                .findFirst().orElseThrow().getContainerPort(), service.getMetadata().getName());
    }
}
