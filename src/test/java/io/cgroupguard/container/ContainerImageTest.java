package io.cgroupguard.container;

import io.cgroupguard.testing.Processes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cgroupguard.nodestate.CgroupExhaustedCondition;
import io.cgroupguard.certs.CertificateFiles;
import io.cgroupguard.certs.CertificateGenerator;
import io.cgroupguard.certs.CertificateSpec;
import io.cgroupguard.nodestate.GuardKeys;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The image in a real container engine, run as the installs run it: read-only root with a writable /tmp, its own
 * non-root user, the Deployment's memory limit, the host's /proc and /sys/fs/cgroup read-only under /host. Tagged
 * {@code container}: {@code mvn -B verify -Pcontainer} runs it (.ci/run does, after starting dockerd).
 */
@Tag("container")
class ContainerImageTest {

    /** Host ports of this suite (the team's range for hand-run servers): the webhook's HTTPS, the agent's HTTP. */
    static final int WEBHOOK_PORT = 20343;
    static final int AGENT_PORT = 20380;
    static final String JVM_OPTIONS = "-XX:MaxRAMPercentage=50 -XX:+UseSerialGC";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> containers = new ArrayList<>();

    @BeforeEach
    void engine() {
        Docker.assumeEngine();
    }

    @AfterEach
    void removeContainers() {
        containers.forEach(c -> Docker.docker(Duration.ofSeconds(60), "rm", "-f", c));
    }

    @Test
    void serveAnswersTheReadmesReviews_readOnlyNonRootUnderTheDeploymentsMemoryLimit(@TempDir Path tmp)
            throws Exception {
        Path certs = tmp.resolve("certs");
        CertificateFiles.write(certs, new CertificateGenerator(Clock.systemUTC()).generate(CertificateSpec.defaults()));
        // The container's user reads them as the pod's fsGroup would let it.
        try (var files = Files.list(certs)) {
            for (Path file : files.toList()) {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            }
        }
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(certs, PosixFilePermissions.fromString("rwxr-xr-x"));
        String name = start("--network", "host", "--read-only", "--tmpfs", "/tmp", "--memory", "384m",
                "-v", certs.toAbsolutePath() + ":/etc/cgroup-guard/certs:ro",
                "-v", Path.of("examples").toAbsolutePath() + ":/examples:ro",
                "-e", "CGROUP_GUARD_CERTS_DIR=/etc/cgroup-guard/certs",
                "-e", "CGROUP_GUARD_NODES_FILE=/examples/nodes.yaml",
                "-e", "QUARKUS_HTTP_SSL_PORT=" + WEBHOOK_PORT,
                "-e", "JDK_JAVA_OPTIONS=" + JVM_OPTIONS,
                GuardImage.build(), "serve");
        HttpClient client = HttpClient.newBuilder().sslContext(trusting(certs.resolve(CertificateFiles.CA_CERT)))
                .connectTimeout(Duration.ofSeconds(5)).build();
        awaitReady(client, name);

        JsonNode denied = post(client, "/validate", "examples/review-pinned-pod.json").path("response");
        assertFalse(denied.path("allowed").asBoolean(true), denied.toString());
        assertEquals(403, denied.path("status").path("code").asInt());
        assertTrue(denied.path("status").path("message").asText().startsWith("node worker-2 cannot start new pods"),
                denied.toString());
        JsonNode patched = post(client, "/mutate", "examples/review-create-pod.json").path("response");
        assertTrue(patched.path("allowed").asBoolean(), patched.toString());
        String patch = new String(Base64.getDecoder().decode(patched.path("patch").asText()));
        assertTrue(patch.contains(GuardKeys.STATE) && patch.contains("NotIn"), patch);

        assertEquals("185", status(name, "Uid:").split("\\s+")[0], "runs as the image's own non-root user");
        String memory = Docker.docker(Duration.ofSeconds(30), "stats", "--no-stream", "--format",
                "{{.MemUsage}}", name).orFail(List.of("docker", "stats")).out().strip();
        String inspect = Docker.docker(Duration.ofSeconds(30), "inspect", "--format",
                "{{.State.Running}} {{.State.OOMKilled}} {{.Config.User}} {{.HostConfig.ReadonlyRootfs}}", name)
                .out().strip();
        assertEquals("true false 185:185 true", inspect);
        String image = Docker.docker(Duration.ofSeconds(30), "image", "inspect", "--format", "{{.Size}}",
                GuardImage.NAME).out().strip();
        report("serve: memory " + memory + " (limit 384 MiB), image " + Long.parseLong(image) / (1024 * 1024)
                + " MiB");
    }

    @Test
    void doctorReadsTheHostsCgroupsFromReadOnlyMounts() throws Exception {
        String image = GuardImage.build();
        Processes.Result doctor = Docker.docker(Duration.ofMinutes(3), "run", "--rm", "--network", "none",
                "--read-only", "--tmpfs", "/tmp", "--memory", "192m",
                "-v", "/proc:/host/proc:ro", "-v", "/sys/fs/cgroup:/host/sys/fs/cgroup:ro",
                "-e", "JDK_JAVA_OPTIONS=" + JVM_OPTIONS, image, "doctor", "--host-root", "/host", "--output", "json");

        assertNotEquals(3, doctor.exitCode(), "the host was unreadable: " + doctor.out() + doctor.err());
        JsonNode report = JSON.readTree(doctor.out());
        assertTrue(report.toString().contains(Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip()),
                "names the host's kernel: " + report);
        report("doctor: exit " + doctor.exitCode() + ", " + report);
    }

    /**
     * The agent as the DaemonSet starts it: its command (the agent's own class path and archive, not the image's
     * entry point), JVM options, malloc arenas and memory limit from {@code manifests/base}. {@code -Xshare:on} on
     * top makes the JVM refuse to start if it cannot map the archive the image build dumped for it.
     */
    @Test
    void agentPublishesTheConditionOnItsNode_throughTheApiServerOnTheLoopback() throws Exception {
        String image = GuardImage.build();
        Container shipped;
        try (var in = Files.newInputStream(Path.of("manifests/base/agent-daemonset.yaml"))) {
            shipped = new KubernetesSerialization().unmarshal(in, DaemonSet.class).getSpec().getTemplate().getSpec()
                    .getContainers().get(0);
        }
        List<String> command = shipped.getCommand();
        String limit = shipped.getResources().getLimits().get("memory").toString().replace("Mi", "m");
        KubernetesMockServer api = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(List.of()), false);
        api.init(InetAddress.getLoopbackAddress(), 0);
        try (KubernetesClient client = api.createClient()) {
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-a").endMetadata()
                    .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
                    .build()).create();
            List<String> run = new ArrayList<>(List.of("--network", "host", "--read-only", "--tmpfs", "/tmp",
                    "--memory", limit, "-v", "/proc:/host/proc:ro", "-v", "/sys/fs/cgroup:/host/sys/fs/cgroup:ro",
                    "-e", "NODE_NAME=node-a", "-e", "CGROUP_GUARD_AGENT_HOST_ROOT=/host",
                    "-e", "KUBERNETES_MASTER=" + client.getMasterUrl(), "-e", "QUARKUS_HTTP_PORT=" + AGENT_PORT,
                    "-e", "JDK_JAVA_OPTIONS=" + env(shipped, "JDK_JAVA_OPTIONS") + " -Xshare:on",
                    "-e", "MALLOC_ARENA_MAX=" + env(shipped, "MALLOC_ARENA_MAX"),
                    "--entrypoint", command.get(0), image));
            run.addAll(command.subList(1, command.size()));
            run.addAll(shipped.getArgs());
            String name = start(run.toArray(String[]::new));

            NodeCondition condition = awaitCondition(client, name);
            assertNotEquals(CgroupExhaustedCondition.READ_FAILED, condition.getReason(), condition.getMessage());
            assertTrue(condition.getMessage().contains("memory cgroup"), condition.getMessage());
            report("agent: " + condition.getStatus() + " " + condition.getReason() + ": " + condition.getMessage());
        } finally {
            api.destroy();
        }
    }

    private String start(String... args) {
        String name = "cgroup-guard-test-" + UUID.randomUUID().toString().substring(0, 8);
        List<String> run = new ArrayList<>(List.of("run", "-d", "--name", name));
        run.addAll(List.of(args));
        containers.add(name);
        Docker.docker(Duration.ofMinutes(1), run.toArray(String[]::new)).orFail(run);
        return name;
    }

    private static void awaitReady(HttpClient client, String container) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            try {
                HttpResponse<String> ready = client.send(HttpRequest.newBuilder(
                        URI.create("https://localhost:" + WEBHOOK_PORT + "/q/health/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (ready.statusCode() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError("not ready within 3 minutes; log:\n" + logs(container));
    }

    private static JsonNode post(HttpClient client, String path, String review) throws Exception {
        HttpResponse<String> answer = client.send(HttpRequest.newBuilder(
                        URI.create("https://localhost:" + WEBHOOK_PORT + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofFile(Path.of(review))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        return JSON.readTree(answer.body());
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream().filter(e -> e.getName().equals(name)).findFirst().orElseThrow().getValue();
    }

    private static NodeCondition awaitCondition(KubernetesClient client, String container)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        while (Instant.now().isBefore(deadline)) {
            Optional<NodeCondition> published = client.nodes().withName("node-a").get().getStatus().getConditions()
                    .stream().filter(c -> c.getType().equals(CgroupExhaustedCondition.TYPE)).findFirst();
            if (published.isPresent()) {
                return published.get();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no " + CgroupExhaustedCondition.TYPE + " condition within 3 minutes; log:\n"
                + logs(container));
    }

    private static SSLContext trusting(Path ca) throws Exception {
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        trust.load(null, null);
        int i = 0;
        for (var certificate : CertificateFiles.read(ca)) {
            trust.setCertificateEntry("ca" + i++, certificate);
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static String status(String container, String field) {
        return Docker.docker(Duration.ofSeconds(30), "exec", container, "cat", "/proc/1/status").out().lines()
                .filter(l -> l.startsWith(field)).findFirst().orElseThrow().substring(field.length()).strip();
    }

    private static String logs(String container) {
        Processes.Result logs = Docker.docker(Duration.ofSeconds(30), "logs", container);
        return logs.out() + logs.err();
    }

    /** Figures for the closing note: printed, and kept in target/container-figures.txt. */
    private static void report(String line) throws Exception {
        System.out.println("[container] " + line);
        Files.writeString(Path.of("target/container-figures.txt"), line + "\n",
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }
}
