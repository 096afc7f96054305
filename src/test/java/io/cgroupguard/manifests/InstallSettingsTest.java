package io.cgroupguard.manifests;

import io.cgroupguard.config.AgentConfig;
import io.cgroupguard.config.CertificatesConfig;
import io.cgroupguard.config.GuardConfig;
import io.cgroupguard.tls.TlsPolicyConfig;
import io.cgroupguard.tls.TlsProfile;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.EnvConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * What the guard's own configuration reads from the environment each install gives its containers: the env
 * variables are fed to the guard's {@code @ConfigMapping}s as SmallRye Config reads them in the pod, so a
 * misspelt variable (which the guard would silently ignore for its default) fails here.
 */
class InstallSettingsTest {

    @ParameterizedTest
    @MethodSource("io.cgroupguard.manifests.InstallSources#all")
    void guardReadsTheExemptNamespacesItsWebhooksLeaveOut(InstallSources.Loader source) {
        InstallObjects install = source.load();
        GuardConfig guard = settings(ChartTest.webhook(install)).getConfigMapping(GuardConfig.class);

        assertEquals(WebhookRegistrationTest.excludedNamespaces(
                WebhookRegistrationTest.mutating(install).getNamespaceSelector()), guard.exemptNamespaces());
    }

    /** Chart values that differ from every default, and what the guard must read from them. */
    static Stream<Arguments> chartValues() {
        return Stream.of(
                argumentSet("webhook.exemptNamespaces", Map.of("webhook.exemptNamespaces",
                                List.of("kube-system", "monitoring")),
                        (Check) c -> assertEquals(Set.of("kube-system", "monitoring", "cgroup-guard"),
                                c.guard().exemptNamespaces())),
                argumentSet("certificates.mode=secret, its own name", Map.of("certificates.mode", "secret",
                                "certificates.secret.name", "webhook-serving", "certificates.secret.caBundle", "Y2E="),
                        (Check) c -> assertEquals(List.of(false, "webhook-serving"),
                                List.of(c.certificates().selfManaged(), c.certificates().secretName()))),
                argumentSet("tls.profile=modern", Map.of("tls.profile", "modern"),
                        (Check) c -> assertEquals(TlsProfile.MODERN, c.tls().profile())),
                argumentSet("a client CA", Map.of("tls.clientAuth.secret.name", "apiserver-client-ca"),
                        (Check) c -> assertEquals(Optional.of(Path.of("/etc/cgroup-guard/client-ca/ca.crt")),
                                c.tls().clientAuth().caFile())),
                argumentSet("agent.forecast.horizon=3d", Map.of("agent.forecast.horizon", "3d"),
                        (Check) c -> assertEquals(Duration.ofDays(3), c.agent().forecastHorizon())),
                argumentSet("agent.forecast.minHistory=90m", Map.of("agent.forecast.minHistory", "90m"),
                        (Check) c -> assertEquals(Duration.ofMinutes(90), c.agent().forecastMinHistory())),
                argumentSet("agent.rebootSentinel", Map.of("agent.rebootSentinel.enabled", true),
                        (Check) c -> assertEquals(Optional.of(Path.of("/host/var/run/cgroup-guard/reboot-required")),
                                c.agent().rebootSentinel())));
    }

    @ParameterizedTest
    @MethodSource("chartValues")
    void guardReadsTheChartsValue(Map<String, Object> values, Check check) {
        InstallObjects install = HelmChart.rendered(values);

        SmallRyeConfig webhook = settings(ChartTest.webhook(install));
        check.verify(new Settings(webhook.getConfigMapping(GuardConfig.class),
                webhook.getConfigMapping(CertificatesConfig.class), webhook.getConfigMapping(TlsPolicyConfig.class),
                settings(WorkloadsTest.agentPod(install).getContainers().get(0)).getConfigMapping(AgentConfig.class)));
    }

    record Settings(GuardConfig guard, CertificatesConfig certificates, TlsPolicyConfig tls, AgentConfig agent) {
    }

    @FunctionalInterface
    interface Check {
        void verify(Settings settings);
    }

    /** The guard's mappings over the container's literal env variables (those from fieldRefs are the pod's own). */
    private static SmallRyeConfig settings(Container container) {
        Map<String, String> env = container.getEnv().stream().filter(e -> e.getValue() != null)
                .collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue));
        return new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new EnvConfigSource(env, 300))
                .withMapping(GuardConfig.class)
                .withMapping(CertificatesConfig.class)
                .withMapping(TlsPolicyConfig.class)
                .withMapping(AgentConfig.class)
                .build();
    }
}
