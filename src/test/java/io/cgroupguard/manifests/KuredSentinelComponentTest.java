package io.cgroupguard.manifests;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * The kured-sentinel component, and the chart's agent.rebootSentinel values: only the sentinel's folder is mounted
 * writable, and only when asked for.
 */
class KuredSentinelComponentTest {

    static final String AGENT = "cgroup-guard-agent";
    static final String ENV = "CGROUP_GUARD_AGENT_REBOOT_SENTINEL";

    static Stream<Arguments> withSentinel() {
        return Stream.of(
                argumentSet("kustomize with components/kured-sentinel", (Supplier<PodSpec>) () ->
                        agent(InstallSources.renderedWithComponent("kured-sentinel")), "/var/run/cgroup-guard"),
                argumentSet("chart, agent.rebootSentinel.enabled", (Supplier<PodSpec>) () ->
                        agent(HelmChart.rendered(Map.of("agent.rebootSentinel.enabled", true))),
                        "/var/run/cgroup-guard"),
                argumentSet("chart, agent.rebootSentinel.path elsewhere", (Supplier<PodSpec>) () ->
                        agent(HelmChart.rendered(Map.of("agent.rebootSentinel.enabled", true,
                                "agent.rebootSentinel.path", "/run/cgroup-guard-kured/reboot"))),
                        "/run/cgroup-guard-kured"));
    }

    static Stream<Arguments> withoutSentinel() {
        return Stream.of(
                argumentSet("kustomize install", (Supplier<PodSpec>) () ->
                        agent(InstallSources.rendered(InstallSources.INSTALL))),
                argumentSet("chart defaults", (Supplier<PodSpec>) () -> agent(HelmChart.rendered(Map.of()))),
                argumentSet("chart, a path but not enabled", (Supplier<PodSpec>) () -> agent(HelmChart.rendered(
                        Map.of("agent.rebootSentinel.path", "/run/cgroup-guard-kured/reboot")))));
    }

    @ParameterizedTest
    @MethodSource("withSentinel")
    void mountsOnlyTheSentinelsFolderWritable(Supplier<PodSpec> install, String hostFolder) {
        PodSpec pod = install.get();
        Container agent = pod.getContainers().get(0);
        String sentinel = env(agent).orElseThrow(() -> new AssertionError(ENV + " is not set"));
        List<VolumeMount> writable = agent.getVolumeMounts().stream()
                .filter(m -> !Boolean.TRUE.equals(m.getReadOnly()) && hostPath(pod, m.getName()).isPresent())
                .toList();
        assertEquals(1, writable.size(), "writable host mounts: " + writable);
        assertEquals(Path.of(sentinel).getParent().toString(), writable.get(0).getMountPath());
        assertEquals(Optional.of(hostFolder), hostPath(pod, writable.get(0).getName()));
        assertEquals("/host" + hostFolder, writable.get(0).getMountPath(), "under /host, the agent's host root,"
                + " like the host's /proc and /sys/fs/cgroup");

        Container init = pod.getInitContainers().get(0);
        assertEquals(List.of("CHOWN"), init.getSecurityContext().getCapabilities().getAdd());
        assertEquals(List.of(writable.get(0).getMountPath()), init.getVolumeMounts().stream()
                .map(VolumeMount::getMountPath).toList());
        assertEquals(agent.getImage(), init.getImage());
    }

    @ParameterizedTest
    @MethodSource("withoutSentinel")
    void withoutItNoHostFolderIsWritable(Supplier<PodSpec> install) {
        PodSpec pod = install.get();
        Container agent = pod.getContainers().get(0);
        assertTrue(env(agent).isEmpty());
        assertTrue(agent.getVolumeMounts().stream().filter(m -> hostPath(pod, m.getName()).isPresent())
                .allMatch(m -> Boolean.TRUE.equals(m.getReadOnly())), "host mounts: " + agent.getVolumeMounts());
        assertTrue(pod.getInitContainers() == null || pod.getInitContainers().isEmpty());
    }

    private static PodSpec agent(InstallObjects objects) {
        return objects.one(DaemonSet.class, AGENT).getSpec().getTemplate().getSpec();
    }

    private static Optional<String> env(Container c) {
        return c.getEnv().stream().filter(e -> ENV.equals(e.getName())).map(EnvVar::getValue).findFirst();
    }

    private static Optional<String> hostPath(PodSpec pod, String volume) {
        return pod.getVolumes().stream().filter(v -> v.getName().equals(volume) && v.getHostPath() != null)
                .map(Volume::getHostPath).map(h -> h.getPath()).findFirst();
    }
}
