package io.cgroupguard.manifests;

import com.marcnuri.helm.LintResult;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MatchCondition;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * The Helm chart on its own: it lints, every value it documents changes what it should, and it refuses bad values
 * with Helm's message. The contract every install keeps (RBAC, webhooks, workloads) is checked on the chart's
 * renders by the same tests as the kustomize install's ({@link InstallSources}).
 */
class ChartTest {

    private static final String SELF_MANAGED = "CGROUP_GUARD_CERTIFICATES_SELF_MANAGED";
    private static final String INJECT_CA = "cert-manager.io/inject-ca-from";

    @Test
    void lintsCleanInStrictMode() {
        LintResult lint = HelmChart.lint();

        assertFalse(lint.isFailed(), String.join("\n", lint.getMessages()));
        assertTrue(lint.getMessages().stream().noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]")),
                String.join("\n", lint.getMessages()));
    }

    static Stream<Arguments> renders() {
        return Stream.of(
                arguments("defaults", Map.of()),
                arguments("cert-manager", Map.of("certificates.mode", "cert-manager")),
                arguments("secret", Map.of("certificates.mode", "secret", "certificates.secret.caBundle", "Y2E=")),
                arguments("host network", Map.of("hostNetwork", true, "webhook.port", 10250)),
                arguments("match conditions", Map.of("webhook.matchConditions", true)),
                arguments("no agent", Map.of("agent.enabled", false)),
                arguments("warn", Map.of("enforcement", "warn")),
                arguments("monitoring", Map.of("serviceMonitor.enabled", true, "prometheusRule.enabled", true,
                        "grafanaDashboard.enabled", true)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renders")
    void everyRenderedObjectIsATypedKubernetesObject_exceptCertManagersAndPrometheusOperators(
            String name, Map<String, Object> values) {
        InstallObjects install = HelmChart.rendered(values);

        assertFalse(install.objects().isEmpty());
        for (HasMetadata object : install.objects()) {
            assertTrue(!(object instanceof GenericKubernetesResource) || Set.of("cert-manager.io/v1",
                    "monitoring.coreos.com/v1").contains(object.getApiVersion()), "untyped " + object.getKind());
            assertEquals("cgroup-guard", object.getMetadata().getLabels().get("app.kubernetes.io/name"),
                    object.getKind() + "/" + object.getMetadata().getName());
        }
    }

    @Test
    void selfManagedCertificates_areTheDefault_shippingAnEmptySecretAndLeavingCaBundleToTheGuard() {
        InstallObjects install = HelmChart.rendered(Map.of());

        // Shipped empty so the guard needs no create on Secrets; the leader fills it through the API.
        Secret tls = install.one(Secret.class, "cgroup-guard-tls");
        assertEquals("kubernetes.io/tls", tls.getType());
        assertEquals(Map.of("tls.crt", "", "tls.key", ""), tls.getData());
        assertEquals(1, install.all(Secret.class).size());
        assertNull(WebhookRegistrationTest.mutating(install).getClientConfig().getCaBundle());
        assertNull(WebhookRegistrationTest.validating(install).getClientConfig().getCaBundle());
        assertTrue(annotation(install, INJECT_CA).isEmpty());
        assertEquals(Optional.empty(), env(webhook(install), SELF_MANAGED));
        assertTrue(WorkloadsTest.webhookPod(install).getVolumes().stream().noneMatch(v -> v.getSecret() != null),
                "no certificate volume: a pod starts before the leader has filled the Secret");
    }

    @Test
    void secretMode_mountsTheNamedSecret_andPutsItsCaInBothCaBundles() {
        InstallObjects install = HelmChart.rendered(Map.of("certificates.mode", "secret",
                "certificates.secret.name", "corp-tls", "certificates.secret.caBundle", "Y29ycC1jYQ=="));

        assertEquals("corp-tls", mountedSecret(install));
        assertEquals("Y29ycC1jYQ==", WebhookRegistrationTest.mutating(install).getClientConfig().getCaBundle());
        assertEquals("Y29ycC1jYQ==", WebhookRegistrationTest.validating(install).getClientConfig().getCaBundle());
        assertEquals(Optional.of("false"), env(webhook(install), SELF_MANAGED).map(EnvVar::getValue));
        assertTrue(install.all(Secret.class).isEmpty(), "the Secret is yours");
    }

    @Test
    void secretMode_refusesToRenderWithoutTheCa() {
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> HelmChart.template(Map.of("certificates.mode", "secret")));

        assertTrue(refused.getMessage().contains("certificates.secret.caBundle"), refused.getMessage());
    }

    @Test
    void certManagerMode_injectsTheCaOfTheCertificateWhoseSecretIsMounted() {
        InstallObjects install = HelmChart.rendered(Map.of("certificates.mode", "cert-manager"));
        GenericKubernetesResource serving = install.all(GenericKubernetesResource.class).stream()
                .filter(r -> r.getKind().equals("Certificate") && r.getMetadata().getName().equals("cgroup-guard-tls"))
                .findFirst().orElseThrow();

        assertEquals(List.of("cgroup-guard/cgroup-guard-tls", "cgroup-guard/cgroup-guard-tls"),
                annotation(install, INJECT_CA));
        assertEquals(mountedSecret(install), ((Map<?, ?>) serving.getAdditionalProperties().get("spec"))
                .get("secretName"));
        assertEquals(Optional.of("false"), env(webhook(install), SELF_MANAGED).map(EnvVar::getValue));
        assertNull(WebhookRegistrationTest.validating(install).getClientConfig().getCaBundle());
    }

    @Test
    void certManagerCertificate_isTheKustomizeOverlaysOne() {
        InstallObjects chart = HelmChart.rendered(Map.of("certificates.mode", "cert-manager"));
        InstallObjects overlay = InstallObjects.files(Kustomize.MANIFESTS.resolve("overlays/cert-manager"));

        assertEquals(specs(overlay), specs(chart));
    }

    @Test
    void hostNetwork_listensOnTheGivenPort_whichTheServiceAndProbesFollow() {
        InstallObjects install = HelmChart.rendered(Map.of("hostNetwork", true, "webhook.port", 10260));
        PodSpec pod = WorkloadsTest.webhookPod(install);
        Container webhook = pod.getContainers().get(0);

        assertEquals(Boolean.TRUE, pod.getHostNetwork());
        assertEquals("ClusterFirstWithHostNet", pod.getDnsPolicy());
        assertEquals(10260, webhook.getPorts().get(0).getContainerPort());
        assertEquals(Optional.of("10260"), env(webhook, "QUARKUS_HTTP_SSL_PORT").map(EnvVar::getValue));
        assertEquals(webhook.getPorts().get(0).getName(),
                install.one(Service.class, "cgroup-guard").getSpec().getPorts().get(0).getTargetPort().getStrVal());
        assertEquals(webhook.getPorts().get(0).getName(), webhook.getReadinessProbe().getHttpGet().getPort()
                .getStrVal());
    }

    @Test
    void matchConditions_onlyOnTheValidatingWebhook_andTheSameAsTheKustomizeComponents() {
        InstallObjects on = HelmChart.rendered(Map.of("webhook.matchConditions", true));
        InstallObjects off = HelmChart.rendered(Map.of());
        List<MatchCondition> conditions = WebhookRegistrationTest.validating(on).getMatchConditions();

        assertEquals(1, conditions.size());
        assertTrue(conditions.get(0).getExpression().startsWith("request.subResource == 'binding' || "));
        assertTrue(WebhookRegistrationTest.mutating(on).getMatchConditions() == null
                || WebhookRegistrationTest.mutating(on).getMatchConditions().isEmpty(), "every pod is mutated");
        assertTrue(WebhookRegistrationTest.validating(off).getMatchConditions() == null
                || WebhookRegistrationTest.validating(off).getMatchConditions().isEmpty(), "older clusters");
        assertEquals(conditions, WebhookRegistrationTest.validating(
                InstallSources.rendered(InstallSources.MATCH_CONDITIONS)).getMatchConditions());
    }

    @Test
    void agentDisabled_leavesNoAgentObjects() {
        InstallObjects install = HelmChart.rendered(Map.of("agent.enabled", false));

        assertTrue(install.all(DaemonSet.class).isEmpty());
        assertEquals(List.of("cgroup-guard"), install.all(ServiceAccount.class).stream()
                .map(a -> a.getMetadata().getName()).toList());
        assertEquals(List.of("cgroup-guard"), install.all(ClusterRole.class).stream()
                .map(r -> r.getMetadata().getName()).toList());
    }

    @Test
    void serviceMonitor_scrapesTheManagementPortOfTheWebhookAndAgentPods() {
        InstallObjects install = HelmChart.rendered(Map.of("serviceMonitor.enabled", true));
        Service metrics = install.one(Service.class, "cgroup-guard-metrics");
        Service agentMetrics = install.one(Service.class, "cgroup-guard-agent-metrics");
        GenericKubernetesResource monitor = install.all(GenericKubernetesResource.class).stream()
                .filter(r -> r.getKind().equals("ServiceMonitor")).findFirst().orElseThrow();
        Map<?, ?> spec = (Map<?, ?>) monitor.getAdditionalProperties().get("spec");
        Map<?, ?> endpoint = (Map<?, ?>) ((List<?>) spec.get("endpoints")).get(0);

        assertEquals("metrics", metrics.getSpec().getPorts().get(0).getName());
        assertEquals(9000, metrics.getSpec().getPorts().get(0).getPort());
        assertEquals("metrics", endpoint.get("port"));
        Map<?, ?> selector = (Map<?, ?>) spec.get("selector");
        for (Service service : List.of(metrics, agentMetrics)) {
            assertTrue(LabelSelectors.matches(new io.fabric8.kubernetes.api.model.LabelSelectorBuilder()
                    .withMatchLabels(stringMap((Map<?, ?>) selector.get("matchLabels"))).build(),
                    service.getMetadata().getLabels()), "the ServiceMonitor selects " + service.getMetadata().getName());
        }
        assertTrue(LabelSelectors.matches(new io.fabric8.kubernetes.api.model.LabelSelectorBuilder()
                .withMatchLabels(agentMetrics.getSpec().getSelector()).build(), install.one(
                io.fabric8.kubernetes.api.model.apps.DaemonSet.class, "cgroup-guard-agent").getSpec().getTemplate()
                .getMetadata().getLabels()), "the agent metrics Service selects the agent pods");
        assertTrue(LabelSelectors.matches(new io.fabric8.kubernetes.api.model.LabelSelectorBuilder()
                .withMatchLabels(metrics.getSpec().getSelector()).build(), install.one(
                io.fabric8.kubernetes.api.model.apps.Deployment.class, "cgroup-guard").getSpec().getTemplate()
                .getMetadata().getLabels()), "the metrics Service selects the webhook pods");
    }

    @Test
    void installNotesSayHowToCheckEachPartWorks() {
        String withAgent = HelmChart.installNotes(Map.of());
        String withoutAgent = HelmChart.installNotes(Map.of("agent.enabled", false));

        for (String check : List.of("rollout status deployment/cgroup-guard", "caBundle",
                "--dry-run=server", "cgroup-guard.io/override=exhausted")) {
            assertTrue(withAgent.contains(check), check + " in\n" + withAgent);
        }
        assertTrue(withAgent.contains("rollout status daemonset/cgroup-guard-agent"), withAgent);
        assertFalse(withoutAgent.contains("daemonset/cgroup-guard-agent"), withoutAgent);
    }

    static Container webhook(InstallObjects install) {
        return WorkloadsTest.webhookPod(install).getContainers().get(0);
    }

    static Optional<EnvVar> env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst();
    }

    private static String mountedSecret(InstallObjects install) {
        return WorkloadsTest.webhookPod(install).getVolumes().stream().filter(v -> v.getSecret() != null)
                .findFirst().orElseThrow().getSecret().getSecretName();
    }

    private static List<String> annotation(InstallObjects install, String key) {
        return Stream.of(install.one(MutatingWebhookConfiguration.class, "cgroup-guard"),
                        install.one(ValidatingWebhookConfiguration.class, "cgroup-guard"))
                .map(c -> c.getMetadata().getAnnotations() == null ? null : c.getMetadata().getAnnotations().get(key))
                .filter(java.util.Objects::nonNull).toList();
    }

    private static Map<String, Object> specs(InstallObjects install) {
        return install.all(GenericKubernetesResource.class).stream().collect(Collectors.toMap(
                r -> r.getKind() + "/" + r.getMetadata().getName(), r -> r.getAdditionalProperties().get("spec")));
    }

    private static Map<String, String> stringMap(Map<?, ?> map) {
        Map<String, String> out = new java.util.TreeMap<>();
        map.forEach((k, v) -> out.put(String.valueOf(k), String.valueOf(v)));
        return out;
    }
}
