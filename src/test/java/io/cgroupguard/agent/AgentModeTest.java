package io.cgroupguard.agent;

import io.cgroupguard.nodestate.CgroupExhaustedCondition;
import io.cgroupguard.admission.AdmissionRoutes;
import io.cgroupguard.testing.Management;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import io.cgroupguard.testing.HostFixtures;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The jar in {@code agent} mode against the mock API server: no certificates, plain HTTP for health, the
 * webhook refused, and the condition written on its own node, Unknown while the host cannot be read, True once
 * the host shows an exhausted CentOS 7 node.
 */
@QuarkusTest
@TestProfile(AgentModeTest.Agent.class)
@WithKubernetesTestServer(crud = true)
public class AgentModeTest {

    /** SmallRye Health's own readiness check, present in every mode since quarkus.shutdown.delay-enabled:
     * DOWN from the moment a SIGTERM arrives (RELIABILITY.md, clean shutdown). */
    private static final String SHUTDOWN_READINESS = "Graceful Shutdown";

    public static final Path HOST = Path.of("target/agent-mode-test-host");

    /** The agent profile, as Main selects it, reading a host folder the test fills in. */
    public static class Agent implements QuarkusTestProfile {
        @Override
        public String getConfigProfile() {
            return "agent";
        }

        @Override
        public Map<String, String> getConfigOverrides() {
            deleteRecursively(HOST);
            return Map.of("cgroup-guard.mode", "agent",
                    "cgroup-guard.agent.node-name", "node-a",
                    "cgroup-guard.agent.host-root", HOST.toString(),
                    "cgroup-guard.agent.interval", "500ms",
                    "cgroup-guard.agent.max-retry-delay", "500ms");
        }
    }

    @Inject
    KubernetesClient client;

    @Test
    void publishesUnknownWhileUnreadable_thenExhausted_andServesOnlyHealth() throws Exception {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-a").endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
                .build()).create();

        NodeCondition unknown = await(c -> c.getStatus().equals("Unknown"));
        assertEquals(CgroupExhaustedCondition.READ_FAILED, unknown.getReason());
        assertTrue(unknown.getMessage().contains("agent-mode-test-host/proc/sys/kernel/osrelease"),
                unknown.getMessage());

        HostFixtures.copy(Path.of("src/test/resources/hosts/centos7-near-limit"), HOST);
        NodeCondition exhausted = await(c -> c.getStatus().equals("True"));
        assertEquals(CgroupExhaustedCondition.EXHAUSTED, exhausted.getReason());
        assertEquals("65012 of 65535 memory cgroup ids in use (12 live, 65000 dying); kmem accounting on; "
                + "kernel 3.10.0-1160.el7.x86_64", exhausted.getMessage());
        assertEquals(List.of("Ready", CgroupExhaustedCondition.TYPE), client.nodes().withName("node-a").get().getStatus()
                .getConditions().stream().map(NodeCondition::getType).toList());

        given().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", containsInAnyOrder(AgentReadiness.NAME, SHUTDOWN_READINESS));
        String metrics = Management.metrics();
        assertTrue(metrics.contains("cgroup_guard_memory_cgroups{kind=\"used\"} 65012.0"), "metrics on the management port");
        assertEquals(65535, Management.value("cgroup_guard_memory_cgroup_id_limit"));
        assertTrue(metrics.contains("cgroup_guard_memory_cgroup_leak_ids_per_hour NaN")
                && metrics.contains("cgroup_guard_memory_cgroup_exhausted_by_timestamp_seconds NaN"),
                "the forecast gauges, empty until the history spans forecast-min-history");
        assertEquals(1.0, Management.value("cgroup_guard_kmem_accounting"), "CentOS 7 accounts kmem");
        assertTrue(Management.value("cgroup_guard_agent_last_reading_timestamp_seconds")
                > java.time.Instant.now().minusSeconds(60).getEpochSecond(), "a recent successful reading");
        assertTrue(Management.value("cgroup_guard_agent_read_failures_total") >= 1, "the unreadable host counted");
        given().get("/q/metrics").then().statusCode(404);
        given().body("{}").post("/validate").then().statusCode(404).body(equalTo(AdmissionRoutes.AGENT_MODE_REFUSAL));
    }

    private NodeCondition await(java.util.function.Predicate<NodeCondition> wanted) throws InterruptedException {
        Optional<NodeCondition> seen = Optional.empty();
        for (int i = 0; i < 200; i++) {
            seen = Optional.ofNullable(client.nodes().withName("node-a").get().getStatus()).stream()
                    .flatMap(s -> s.getConditions().stream())
                    .filter(c -> CgroupExhaustedCondition.TYPE.equals(c.getType())).findFirst();
            if (seen.isPresent() && wanted.test(seen.get())) {
                return seen.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("condition not published as expected within 20 s; last seen " + seen);
    }

    static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
