package io.cgroupguard.manifests;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Chart values the guard itself reads reach it as its own settings (cgroup-guard.exempt-namespaces,
 * cgroup-guard.tls.*, cgroup-guard.agent.forecast-*), and the client-authentication CA is mounted read-only.
 */
class ChartGuardSettingsTest {

    static final String CA_PEM = "-----BEGIN CERTIFICATE-----\nMIIBdummyTestOnlyNotParsedByTheChart\n"
            + "-----END CERTIFICATE-----";
    private static final String CA_FILE = "CGROUP_GUARD_TLS_CLIENT_AUTH_CA_FILE";

    static Stream<Arguments> exemptNamespaces() {
        return Stream.of(
                arguments(Map.of(), Set.of("kube-system", "cgroup-guard")),
                arguments(Map.of("webhook.exemptNamespaces", List.of("kube-system", "monitoring")),
                        Set.of("kube-system", "monitoring", "cgroup-guard")),
                arguments(Map.of("webhook.exemptNamespaces", List.of("cgroup-guard")), Set.of("cgroup-guard")),
                arguments(Map.of("webhook.exemptNamespaces", List.of()), Set.of("cgroup-guard")));
    }

    @ParameterizedTest
    @MethodSource("exemptNamespaces")
    void exemptNamespaces_reachTheGuardAndBothWebhooks_withTheReleaseNamespace(Map<String, Object> values,
                                                                               Set<String> exempt) {
        InstallObjects install = HelmChart.rendered(values);

        assertEquals(exempt, WebhookRegistrationTest.exemptNamespacesOfTheGuard(install));
        assertEquals(exempt, WebhookRegistrationTest.excludedNamespaces(
                WebhookRegistrationTest.mutating(install).getNamespaceSelector()));
        assertEquals(exempt, WebhookRegistrationTest.excludedNamespaces(
                WebhookRegistrationTest.validating(install).getNamespaceSelector()));
    }

    static Stream<Arguments> guardSettings() {
        return Stream.of(
                arguments(Map.of(), "webhook", "CGROUP_GUARD_TLS_PROFILE", "intermediate"),
                arguments(Map.of("tls.profile", "modern"), "webhook", "CGROUP_GUARD_TLS_PROFILE", "modern"),
                arguments(Map.of(), "agent", "CGROUP_GUARD_AGENT_FORECAST_HORIZON", "24h"),
                arguments(Map.of(), "agent", "CGROUP_GUARD_AGENT_FORECAST_MIN_HISTORY", "1h"),
                arguments(Map.of("agent.forecast.horizon", "3d"), "agent", "CGROUP_GUARD_AGENT_FORECAST_HORIZON",
                        "3d"),
                arguments(Map.of("agent.forecast.minHistory", "90m"), "agent",
                        "CGROUP_GUARD_AGENT_FORECAST_MIN_HISTORY", "90m"));
    }

    @ParameterizedTest
    @MethodSource("guardSettings")
    void valueReachesTheGuardsSetting(Map<String, Object> values, String container, String env, String expected) {
        InstallObjects install = HelmChart.rendered(values);
        Container target = container.equals("webhook") ? ChartTest.webhook(install)
                : WorkloadsTest.agentPod(install).getContainers().get(0);

        assertEquals(Optional.of(expected), ChartTest.env(target, env).map(EnvVar::getValue));
    }

    /** Each way to give the client CA: the values, then the volume that must carry it to ca.crt. */
    static Stream<Arguments> clientCaSources() {
        return Stream.of(
                arguments(Map.of("tls.clientAuth.caFile", CA_PEM), "ConfigMap", "cgroup-guard-client-ca", "ca.crt"),
                arguments(Map.of("tls.clientAuth.secret.name", "apiserver-client-ca"), "Secret",
                        "apiserver-client-ca", "ca.crt"),
                arguments(Map.of("tls.clientAuth.configMap.name", "front-proxy-ca", "tls.clientAuth.configMap.key",
                        "client-ca.pem"), "ConfigMap", "front-proxy-ca", "client-ca.pem"));
    }

    @ParameterizedTest
    @MethodSource("clientCaSources")
    void clientCa_isMountedReadOnly_whereTheGuardIsToldToReadIt(Map<String, Object> values, String kind, String name,
                                                                 String key) {
        InstallObjects install = HelmChart.rendered(values);
        PodSpec pod = WorkloadsTest.webhookPod(install);
        Container webhook = ChartTest.webhook(install);

        Path caFile = Path.of(ChartTest.env(webhook, CA_FILE).orElseThrow().getValue());
        VolumeMount mount = webhook.getVolumeMounts().stream()
                .filter(m -> caFile.startsWith(m.getMountPath())).findFirst().orElseThrow();
        assertEquals(Boolean.TRUE, mount.getReadOnly());
        Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(mount.getName())).findFirst()
                .orElseThrow();
        List<KeyToPath> items = kind.equals("Secret") ? volume.getSecret().getItems()
                : volume.getConfigMap().getItems();
        assertEquals(name, kind.equals("Secret") ? volume.getSecret().getSecretName()
                : volume.getConfigMap().getName());
        assertEquals(List.of(new KeyToPath(key, null, Path.of(mount.getMountPath()).relativize(caFile).toString())),
                items);
        if (values.containsKey("tls.clientAuth.caFile")) {
            assertEquals(CA_PEM + "\n", install.one(ConfigMap.class, name).getData().get(key));
        }
    }

    @ParameterizedTest
    @MethodSource("io.cgroupguard.manifests.InstallSources#all")
    void withoutACa_noClientCertificateIsAskedFor(InstallSources.Loader source) {
        InstallObjects install = source.load();

        assertTrue(ChartTest.env(ChartTest.webhook(install), CA_FILE).isEmpty());
        assertTrue(install.all(ConfigMap.class).stream()
                .noneMatch(c -> c.getMetadata().getName().equals("cgroup-guard-client-ca")));
    }

    static Stream<Arguments> notes() {
        return Stream.of(
                arguments(Map.of(), List.of(), List.of("Client certificates are required", "reboot sentinel")),
                arguments(Map.of("tls.clientAuth.secret.name", "apiserver-client-ca"),
                        List.of("Client certificates are required", "grep \"TLS: refused\""),
                        List.of("reboot sentinel")),
                arguments(Map.of("agent.rebootSentinel.enabled", true),
                        List.of("reboot sentinel at /var/run/cgroup-guard/reboot-required", "within 24h"),
                        List.of("Client certificates are required")),
                arguments(Map.of("agent.rebootSentinel.enabled", true, "agent.enabled", false), List.of(),
                        List.of("reboot sentinel")));
    }

    @ParameterizedTest
    @MethodSource("notes")
    void installNotesMentionWhatNeedsDoingOutsideTheChart(Map<String, Object> values, List<String> present,
                                                          List<String> absent) {
        String notes = HelmChart.installNotes(values);

        present.forEach(text -> assertTrue(notes.contains(text), text + " in\n" + notes));
        absent.forEach(text -> assertFalse(notes.contains(text), text + " in\n" + notes));
    }

    @Test
    void twoCaSourcesAtOnce_areRefusedByName() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> HelmChart.template(
                Map.of("tls.clientAuth.caFile", CA_PEM, "tls.clientAuth.secret.name", "apiserver-client-ca")));

        assertTrue(refused.getMessage().contains("tls.clientAuth: give the CA one way, not caFile and secret"),
                refused.getMessage());
    }
}
