package io.cgroupguard.manifests;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The kured-sentinel component: only the sentinel's folder is mounted writable, and only with the component. */
class KuredSentinelComponentTest {

    static final String AGENT = "cgroup-guard-agent";
    static final String ENV = "CGROUP_GUARD_AGENT_REBOOT_SENTINEL";

    @Test
    void mountsOnlyTheSentinelsFolderWritable() {
        PodSpec pod = render(true);
        Container agent = pod.getContainers().get(0);
        String sentinel = env(agent).orElseThrow(() -> new AssertionError(ENV + " is not set"));
        List<VolumeMount> writable = agent.getVolumeMounts().stream()
                .filter(m -> !Boolean.TRUE.equals(m.getReadOnly()) && hostPath(pod, m.getName()).isPresent())
                .toList();
        assertEquals(1, writable.size(), "writable host mounts: " + writable);
        assertEquals(Path.of(sentinel).getParent().toString(), writable.get(0).getMountPath());
        assertEquals(Optional.of("/var/run/cgroup-guard"), hostPath(pod, writable.get(0).getName()));

        Container init = pod.getInitContainers().get(0);
        assertEquals(List.of("CHOWN"), init.getSecurityContext().getCapabilities().getAdd());
        assertEquals(List.of(writable.get(0).getMountPath()), init.getVolumeMounts().stream()
                .map(VolumeMount::getMountPath).toList());
        assertEquals(agent.getImage(), init.getImage());
    }

    @Test
    void withoutTheComponentNoHostFolderIsWritable() {
        PodSpec pod = render(false);
        Container agent = pod.getContainers().get(0);
        assertTrue(env(agent).isEmpty());
        assertTrue(agent.getVolumeMounts().stream().filter(m -> hostPath(pod, m.getName()).isPresent())
                .allMatch(m -> Boolean.TRUE.equals(m.getReadOnly())), "host mounts: " + agent.getVolumeMounts());
        assertTrue(pod.getInitContainers() == null || pod.getInitContainers().isEmpty());
    }

    private static PodSpec render(boolean component) {
        InstallObjects objects = component ? InstallSources.renderedWithComponent("kured-sentinel")
                : InstallSources.rendered(InstallSources.INSTALL);
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
