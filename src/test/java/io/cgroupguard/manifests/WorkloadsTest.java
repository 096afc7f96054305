package io.cgroupguard.manifests;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HTTPGetAction;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The webhook Deployment and the agent DaemonSet of every install: hardened, probed, sized, wired. */
class WorkloadsTest {

    /** The image the build makes: {@code quarkus.container-image.image} in application.properties. */
    static final String IMAGE = "cgroup-guard:" + System.getProperty("project.version");
    static final String AGENT = "cgroup-guard-agent";
    /** The agent's java options file in the image: the build's {@code target/agent/java.args}. */
    static final String AGENT_ARGS = "/deployments/agent/java.args";

    @ParameterizedTest
    @MethodSource("io.cgroupguard.manifests.InstallSources#all")
    void everyPodRunsHardened(InstallSources.Loader source) {
        InstallObjects install = source.load();
        for (PodSpec pod : List.of(webhookPod(install), agentPod(install))) {
            assertEquals(Boolean.TRUE, pod.getSecurityContext().getRunAsNonRoot());
            assertNotEquals(0L, pod.getSecurityContext().getRunAsUser());
            assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
            assertFalse(Boolean.TRUE.equals(pod.getHostPID()) || Boolean.TRUE.equals(pod.getHostNetwork())
                    || Boolean.TRUE.equals(pod.getHostIPC()), "no host namespaces");
            for (Container container : pod.getContainers()) {
                var security = container.getSecurityContext();
                assertEquals(Boolean.TRUE, security.getReadOnlyRootFilesystem(), container.getName());
                assertEquals(Boolean.FALSE, security.getAllowPrivilegeEscalation(), container.getName());
                assertEquals(Boolean.FALSE, security.getPrivileged(), container.getName());
                assertEquals(List.of("ALL"), security.getCapabilities().getDrop(), container.getName());
                assertTrue(security.getCapabilities().getAdd() == null
                        || security.getCapabilities().getAdd().isEmpty(), container.getName());
                assertEquals(IMAGE, container.getImage());
                for (String resource : List.of("cpu", "memory")) {
                    assertNotNull(container.getResources().getRequests().get(resource), resource + " request");
                    assertNotNull(container.getResources().getLimits().get(resource), resource + " limit");
                }
                assertEquals(Optional.of("/tmp"), mountOf(pod, container, v -> v.getEmptyDir() != null),
                        "a writable /tmp beside the read-only root");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("io.cgroupguard.manifests.InstallSources#all")
    void webhookRunsTwoSpreadReplicas_keptByADisruptionBudget(InstallSources.Loader source) {
        InstallObjects install = source.load();
        Deployment deployment = install.one(Deployment.class, WebhookRegistrationTest.NAME);
        PodDisruptionBudget budget = install.one(PodDisruptionBudget.class, WebhookRegistrationTest.NAME);
        Map<String, String> podLabels = deployment.getSpec().getTemplate().getMetadata().getLabels();

        assertEquals(2, deployment.getSpec().getReplicas());
        assertEquals("kubernetes.io/hostname",
                deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints().get(0).getTopologyKey());
        assertEquals(1, budget.getSpec().getMinAvailable().getIntVal());
        assertTrue(LabelSelectors.matches(budget.getSpec().getSelector(), podLabels), "the budget covers the pods");
        assertEquals(0, deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal());
    }

    @ParameterizedTest
    @MethodSource("io.cgroupguard.manifests.InstallSources#all")
    void webhookServesTheSecret_selfManagedOrMounted_andIsProbedOverHttps(InstallSources.Loader source) {
        InstallObjects install = source.load();
        PodSpec pod = webhookPod(install);
        Container webhook = pod.getContainers().get(0);

        assertEquals(List.of("serve"), webhook.getArgs());
        assertEquals("cgroup-guard", pod.getServiceAccountName());
        Optional<String> mounted = mountOf(pod, webhook, v -> v.getSecret() != null
                && v.getSecret().getSecretName().equals("cgroup-guard-tls"));
        boolean selfManaged = webhook.getEnv().stream()
                .noneMatch(e -> e.getName().equals("CGROUP_GUARD_CERTIFICATES_SELF_MANAGED"));
        if (selfManaged) {
            // The replicas read the Secret through the API; a volume would keep a pod from starting before the
            // leader filled the Secret.
            assertEquals(Optional.empty(), mounted);
            assertTrue(webhook.getEnv().stream().noneMatch(e -> e.getName().equals("CGROUP_GUARD_CERTS_DIR")));
        } else {
            assertEquals("false", env(webhook, "CGROUP_GUARD_CERTIFICATES_SELF_MANAGED").getValue());
            String certsDir = env(webhook, "CGROUP_GUARD_CERTS_DIR").getValue();
            assertEquals("/etc/cgroup-guard/certs", certsDir);
            assertEquals(Optional.of(certsDir), mounted);
        }
        assertEquals("metadata.namespace", env(webhook, "POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath());
        assertEquals("metadata.name", env(webhook, "HOSTNAME").getValueFrom().getFieldRef().getFieldPath());
        assertProbe(webhook.getReadinessProbe().getHttpGet(), "HTTPS", 8443, "/q/health/ready", webhook);
        assertProbe(webhook.getLivenessProbe().getHttpGet(), "HTTPS", 8443, "/q/health/live", webhook);
        assertEquals(9000, portNamed(webhook, "metrics"), "metrics on the management interface");
    }

    @ParameterizedTest
    @MethodSource("io.cgroupguard.manifests.InstallSources#all")
    void agentRunsOnEveryNode_readingTheHostReadOnly(InstallSources.Loader source) {
        InstallObjects install = source.load();
        PodSpec pod = agentPod(install);
        Container agent = pod.getContainers().get(0);

        assertEquals(List.of("java", "@" + AGENT_ARGS, "io.cgroupguard.Main"), agent.getCommand(),
                "the agent's own launch line, not the image's entry point");
        assertEquals(List.of("agent"), agent.getArgs());
        assertEquals(AGENT, pod.getServiceAccountName());
        assertEquals(1, pod.getTolerations().size());
        Toleration all = pod.getTolerations().get(0);
        assertEquals("Exists", all.getOperator());
        assertTrue(all.getKey() == null && all.getEffect() == null, "tolerates every taint: " + all);
        assertEquals("spec.nodeName", env(agent, "NODE_NAME").getValueFrom().getFieldRef().getFieldPath());
        assertEquals("metadata.namespace", env(agent, "POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath());
        String hostRoot = env(agent, "CGROUP_GUARD_AGENT_HOST_ROOT").getValue();
        for (String hostPath : List.of("/proc", "/sys/fs/cgroup")) {
            Volume volume = pod.getVolumes().stream().filter(v -> v.getHostPath() != null
                    && v.getHostPath().getPath().equals(hostPath)).findFirst().orElseThrow();
            VolumeMount mount = agent.getVolumeMounts().stream().filter(m -> m.getName().equals(volume.getName()))
                    .findFirst().orElseThrow();
            assertEquals(hostRoot + hostPath, mount.getMountPath());
            assertEquals(Boolean.TRUE, mount.getReadOnly(), hostPath + " is mounted read-only");
        }
        assertEquals(2, pod.getVolumes().stream().filter(v -> v.getHostPath() != null).count(), "no other host path");
        assertProbe(agent.getReadinessProbe().getHttpGet(), "HTTP", 8080, "/q/health/ready", agent);
        assertProbe(agent.getLivenessProbe().getHttpGet(), "HTTP", 8080, "/q/health/live", agent);
        assertEquals(9000, portNamed(agent, "metrics"), "metrics on the management interface");
        // Small: one of these runs on every node.
        assertTrue(Quantity.getAmountInBytes(agent.getResources().getRequests().get("memory")).longValue()
                <= 128L * 1024 * 1024);
        assertTrue(Quantity.getAmountInBytes(agent.getResources().getRequests().get("cpu")).doubleValue() <= 0.05);
    }

    @ParameterizedTest
    @MethodSource("io.cgroupguard.manifests.InstallSources#forCurrentClusters")
    void podsRunOnLinuxNodesOnly_withCriticalPriority_spreadOverNodesAndZones(InstallSources.Loader source) {
        InstallObjects install = source.load();
        PodSpec webhook = webhookPod(install);
        PodSpec agent = agentPod(install);

        assertEquals(Map.of("kubernetes.io/os", "linux"), webhook.getNodeSelector());
        assertEquals(Map.of("kubernetes.io/os", "linux"), agent.getNodeSelector());
        assertEquals("system-cluster-critical", webhook.getPriorityClassName());
        assertEquals("system-node-critical", agent.getPriorityClassName());
        assertEquals(List.of("kubernetes.io/hostname", "topology.kubernetes.io/zone"), webhook
                .getTopologySpreadConstraints().stream().map(c -> c.getTopologyKey()).toList());
        Map<String, String> podLabels = install.one(Deployment.class, WebhookRegistrationTest.NAME).getSpec()
                .getTemplate().getMetadata().getLabels();
        for (var constraint : webhook.getTopologySpreadConstraints()) {
            assertEquals("ScheduleAnyway", constraint.getWhenUnsatisfiable(), "a lone node still gets both");
            assertTrue(LabelSelectors.matches(constraint.getLabelSelector(), podLabels), "spreads its own pods");
        }
    }

    @Test
    void imageIsBuiltUnderTheNameTheInstallsUse_runningItsOwnJvmAsTheirUser() throws IOException {
        String dockerfile = Files.readString(Path.of("src/main/docker/Dockerfile.jvm"));
        String properties = Files.readString(Path.of("src/main/resources/application.properties"));

        assertTrue(properties.contains("\nquarkus.container-image.image=cgroup-guard:${quarkus.application.version}\n"),
                "the build tags the image " + IMAGE);
        assertTrue(dockerfile.contains("\nUSER 185:185\n"), "runs as the uid the installs name");
        assertTrue(dockerfile.contains("\nEXPOSE 8443 8080 9000\n"));
        assertTrue(dockerfile.contains("\nARG BASE_IMAGE=") && dockerfile.contains("\nFROM ${BASE_IMAGE}\n"));
        assertTrue(dockerfile.contains("\nENTRYPOINT [\"java\", "), "exec form, the JVM started directly");
        assertTrue(dockerfile.contains(" \"-jar\", \"/deployments/quarkus-run.jar\"]\nCMD [\"serve\"]\n"));
    }

    @Test
    void imageHoldsTheAgentsLaunchLine_andDumpsItsArchiveFromIt() throws IOException {
        String dockerfile = Files.readString(Path.of("src/main/docker/Dockerfile.jvm"));
        String dockerignore = Files.readString(Path.of(".dockerignore"));
        String args = Files.readString(Path.of("src/main/docker/agent/java.args"));

        assertTrue(dockerfile.contains("\nCOPY target/agent/ /deployments/agent/\n"),
                "java.args lands at " + AGENT_ARGS);
        assertTrue(dockerignore.contains("\n!target/agent/\n"), "the build's agent folder reaches docker build");
        assertTrue(dockerfile.contains("\nRUN [\"java\", \"-Xshare:dump\", "
                + "\"-XX:SharedClassListFile=/deployments/agent/classes.lst\", \"@" + AGENT_ARGS + "\"]\n"),
                "the archive is dumped with the very class path the agent runs with");
        assertTrue(args.contains("-XX:SharedArchiveFile=/deployments/agent/agent.jsa"), args);
        assertTrue(dockerfile.indexOf("RUN [\"java\", \"-Xshare:dump\"") < dockerfile.indexOf("\nUSER 185:185\n"),
                "dumped as root: the guard's user cannot change its archive");
    }

    static PodSpec webhookPod(InstallObjects install) {
        return install.one(Deployment.class, WebhookRegistrationTest.NAME).getSpec().getTemplate().getSpec();
    }

    static PodSpec agentPod(InstallObjects install) {
        return install.one(DaemonSet.class, AGENT).getSpec().getTemplate().getSpec();
    }

    private static void assertProbe(HTTPGetAction probe, String scheme, int port, String path, Container container) {
        assertEquals(scheme, probe.getScheme());
        assertEquals(path, probe.getPath());
        int number = probe.getPort().getIntVal() != null ? probe.getPort().getIntVal()
                : container.getPorts().stream().filter(p -> p.getName().equals(probe.getPort().getStrVal()))
                .findFirst().orElseThrow().getContainerPort();
        assertEquals(port, number);
    }

    private static int portNamed(Container container, String name) {
        return container.getPorts().stream().filter(p -> name.equals(p.getName())).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no port " + name)).getContainerPort();
    }

    private static EnvVar env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(container.getName() + " has no env " + name));
    }

    private static Optional<String> mountOf(PodSpec pod, Container container,
                                            java.util.function.Predicate<Volume> volume) {
        return pod.getVolumes().stream().filter(volume).findFirst().flatMap(v -> container.getVolumeMounts().stream()
                .filter(m -> m.getName().equals(v.getName())).map(VolumeMount::getMountPath).findFirst());
    }
}
