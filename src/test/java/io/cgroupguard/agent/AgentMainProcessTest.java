package io.cgroupguard.agent;

import io.cgroupguard.nodestate.CgroupExhaustedCondition;
import io.cgroupguard.testing.HostFixtures;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code Main agent} as its own process, as the image starts it: against the mock API server it writes the
 * condition and answers ready, loads none of the framework's classes, and exits 0 on SIGTERM; a bad setting
 * stops it at once with the key named.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class AgentMainProcessTest {

    static KubernetesClient client;

    /**
     * What the agent's path must not load: Quarkus's runtime and CDI, SmallRye Config, Vert.x and Netty, the
     * fabric8 client and model, Micrometer, Jackson's object mapper, and the JBoss LogManager (on the image's boot
     * class path for {@code serve}; the JDK's own HTTP server and client would load it through
     * {@code System.Logger}, which is one reason the agent uses neither).
     */
    private static final List<String> NOT_ON_THE_AGENTS_PATH = List.of("io.quarkus.runtime.", "io.quarkus.arc.",
            "io.quarkus.vertx.", "io.quarkus.bootstrap.logging.", "io.smallrye.", "jakarta.enterprise.", "io.vertx.",
            "io.netty.", "io.fabric8.", "io.micrometer.", "org.jboss.logging.", "org.jboss.logmanager.",
            "com.fasterxml.jackson.databind.", "java.net.http.", "jdk.internal.net.http.", "sun.net.httpserver.");
    private static final Pattern HEALTH = Pattern.compile("health on http://127\\.0\\.0\\.1:(\\d+)/q/health");

    @Test
    void publishesAndAnswersReady_withoutTheFramework_andExitsZeroOnSigterm(@TempDir Path dir) throws Exception {
        Path classes = dir.resolve("classes.txt");
        List<String> output = publishAndStop(client, System.getProperty("java.class.path"), "node-p", dir, classes);
        assertTrue(output.stream().anyMatch(l -> l.endsWith("agent: stopping")), output.toString());

        assertLoadsNoFramework(loaded(classes));
    }

    /**
     * Runs the agent from {@code classPath} for {@code node} against {@code client}'s API server (class loading
     * logged to {@code classLog}) until it answers ready with its condition written, then stops it with SIGTERM:
     * it must stop within 20 s with status 0. Returns its log's lines.
     */
    static List<String> publishAndStop(KubernetesClient client, String classPath, String node, Path dir,
            Path classLog) throws Exception {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(node).endMetadata().build()).create();
        Path host = HostFixtures.copy(Path.of("src/test/resources/hosts/centos7-near-limit"), dir.resolve("host"));
        Path log = dir.resolve("agent.log");
        Process agent = start(classPath, List.of("-Xlog:class+load=info:file=" + classLog), Map.of("NODE_NAME", node,
                "KUBERNETES_MASTER", client.getConfiguration().getMasterUrl(),
                "CGROUP_GUARD_AGENT_HOST_ROOT", host.toString(), "CGROUP_GUARD_AGENT_INTERVAL", "200ms"), log);
        try {
            awaitReady(healthPort(agent, log));
            NodeCondition condition = client.nodes().withName(node).get().getStatus().getConditions().stream()
                    .filter(c -> c.getType().equals(CgroupExhaustedCondition.TYPE)).findFirst().orElseThrow();
            assertEquals("True", condition.getStatus());

            agent.destroy();
            assertTrue(agent.waitFor(20, TimeUnit.SECONDS), "stopped within 20 s of SIGTERM");
        } finally {
            agent.destroyForcibly();
        }
        List<String> output = Files.readAllLines(log);
        assertEquals(0, agent.exitValue(), "SIGTERM is a clean stop: " + output);
        return output;
    }

    /** The classes a {@code -Xlog:class+load} file records, by name. */
    static List<String> loaded(Path classLog) throws IOException {
        return Files.readAllLines(classLog).stream().filter(l -> l.contains("[class,load]"))
                .map(l -> l.replaceAll(".*\\[class,load\\] (\\S+).*", "$1")).toList();
    }

    static void assertLoadsNoFramework(List<String> loaded) {
        assertTrue(loaded.contains(AgentProcess.class.getName()), "the log is of the agent's run");
        List<String> framework = loaded.stream()
                .filter(c -> NOT_ON_THE_AGENTS_PATH.stream().anyMatch(c::startsWith)).toList();
        assertEquals(List.of(), framework, "classes the agent's path must not load");
    }

    @Test
    void exitsOne_namingTheKey_whenASettingIsBad(@TempDir Path dir) throws Exception {
        Process agent = start(System.getProperty("java.class.path"), List.of(),
                Map.of("NODE_NAME", "node-p", "CGROUP_GUARD_AGENT_INTERVAL", "often"), dir.resolve("agent.log"));
        assertTrue(agent.waitFor(30, TimeUnit.SECONDS));
        String err = new String(agent.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);

        assertEquals(1, agent.exitValue(), err);
        assertTrue(err.contains("cgroup-guard.agent.interval") && err.contains("CGROUP_GUARD_AGENT_INTERVAL")
                && err.contains("'often'"), err);
    }

    /** Starts {@code Main agent} from {@code classPath}, its standard output to {@code log}. */
    static Process start(String classPath, List<String> jvmOptions, Map<String, String> env, Path log)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-XX:TieredStopAtLevel=1", "-cp", classPath));
        command.addAll(jvmOptions);
        command.addAll(List.of("io.cgroupguard.Main", "agent"));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("KUBERNETES_SERVICE_HOST");
        builder.environment().putAll(Map.of("QUARKUS_HTTP_HOST", "127.0.0.1", "QUARKUS_HTTP_PORT", "0",
                "QUARKUS_MANAGEMENT_HOST", "127.0.0.1", "QUARKUS_MANAGEMENT_PORT", "0"));
        builder.environment().putAll(env);
        return builder.redirectOutput(log.toFile()).start();
    }

    /** Waits for the log line that says where health is served. */
    static int healthPort(Process agent, Path log) throws Exception {
        for (int i = 0; i < 300 && agent.isAlive(); i++) {
            Matcher m = HEALTH.matcher(Files.readString(log));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the agent did not serve health: " + Files.readString(log));
    }

    static void awaitReady(int port) throws Exception {
        int status = 0;
        for (int i = 0; i < 200 && status != 200; i++) {
            Thread.sleep(100);
            status = AgentProcessTest.get(port, "/q/health/ready").statusCode();
        }
        assertEquals(200, status, "ready once the condition is written");
    }
}
