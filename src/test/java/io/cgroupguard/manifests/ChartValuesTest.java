package io.cgroupguard.manifests;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
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
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The chart's plain values reach the pods they name, and values.schema.json refuses what the guard cannot use. */
class ChartValuesTest {

    static Stream<Arguments> enforcements() {
        return Stream.of(arguments("enforce"), arguments("warn"), arguments("audit"));
    }

    @ParameterizedTest
    @MethodSource("enforcements")
    void enforcementReachesTheGuard(String enforcement) {
        InstallObjects install = HelmChart.rendered(Map.of("enforcement", enforcement));

        assertEquals(Optional.of(enforcement), ChartTest.env(ChartTest.webhook(install), "CGROUP_GUARD_ENFORCEMENT").map(EnvVar::getValue));
    }

    static Stream<Arguments> refusedValues() {
        return Stream.of(
                arguments(Map.of("enforcement", "block"), "enforcement"),
                arguments(Map.of("certificates.mode", "vault"), "mode"),
                arguments(Map.of("webhook.failurePolicy", "Retry"), "failurePolicy"),
                arguments(Map.of("image.digest", "latest"), "digest"),
                arguments(Map.of("webhook.timoutSeconds", 3), "timoutSeconds"),
                arguments(Map.of("tls.profile", "old"), "profile"),
                arguments(Map.of("tls.clientAuth.caFile", "client-ca.crt"), "caFile"),
                arguments(Map.of("tls.clientAuth.secret.name", "Client_CA"), "/tls/clientAuth/secret/name"),
                arguments(Map.of("tls.clientAuth.configMap.key", "ca/crt"), "/tls/clientAuth/configMap/key"),
                arguments(Map.of("agent.forecast.horizon", "1 day"), "horizon"),
                arguments(Map.of("agent.forecast.minHistory", "0h"), "minHistory"),
                // Its folder is given to the agent's user and mounted writable: never a folder of the system's.
                arguments(Map.of("agent.rebootSentinel.path", "/var/run/reboot-required"), "path"),
                arguments(Map.of("agent.rebootSentinel.path", "var/run/cgroup-guard/reboot-required"), "path"),
                arguments(Map.of("networkPolicy.metricsFrom", List.of()), "metricsFrom': minItems"),
                // A peer naming pods but no namespace would admit those pods from every namespace.
                arguments(Map.of("networkPolicy.metricsFrom[0].podSelector.matchLabels.app", "prometheus"),
                        "missing property 'namespaceSelector'"),
                arguments(Map.of("networkPolicy.webhookFrom[0].ipBlok.cidr", "10.0.0.0/24"), "ipBlok"));
    }

    @ParameterizedTest
    @MethodSource("refusedValues")
    void schemaRefusesValuesTheGuardCannotUse(Map<String, Object> values, String named) {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> HelmChart.template(values));

        assertTrue(refused.getMessage().contains(named), refused.getMessage());
    }

    @Test
    void imageByDigest_pinsEveryContainer() {
        String digest = "sha256:" + "a1".repeat(32);
        InstallObjects install = HelmChart.rendered(Map.of("image.repository", "registry.example/cgroup-guard",
                "image.digest", digest));

        assertEquals(Set.of("registry.example/cgroup-guard@" + digest), Stream.of(WorkloadsTest.webhookPod(install),
                WorkloadsTest.agentPod(install)).flatMap(p -> p.getContainers().stream()).map(Container::getImage)
                .collect(Collectors.toSet()));
    }

    @Test
    void webhookAndAgentJvmOptions_areTheirOwn() {
        InstallObjects install = HelmChart.rendered(Map.of("webhook.jvmOptions", "-Xmx200m",
                "agent.jvmOptions", "-Xmx64m"));

        assertEquals(Optional.of("-Xmx200m"), ChartTest.env(ChartTest.webhook(install), "JDK_JAVA_OPTIONS").map(EnvVar::getValue));
        assertEquals(Optional.of("-Xmx64m"), ChartTest.env(WorkloadsTest.agentPod(install).getContainers().get(0),
                "JDK_JAVA_OPTIONS").map(EnvVar::getValue));
    }
}
