package io.cgroupguard.agent;

import io.cgroupguard.apiclient.ApiEndpoint;
import io.cgroupguard.nodestate.CgroupExhaustedCondition;
import io.cgroupguard.testing.HostFixtures;
import io.cgroupguard.testing.PrometheusPage;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent as it runs, in this JVM, against the mock API server: the condition written on its own node, Unknown
 * while the host cannot be read, True once the host shows an exhausted CentOS 7 node; health and metrics on their
 * two ports; nothing else served.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class AgentProcessTest {

    static KubernetesClient client;

    @Test
    void publishesUnknownWhileUnreadable_thenExhausted_andServesHealthAndMetrics(@TempDir Path dir) throws Exception {
        Path host = dir.resolve("host");
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-a").endMetadata()
                .withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition().endStatus()
                .build()).create();
        AgentSettings settings = AgentSettings.read(key -> Optional.ofNullable(Map.of(
                "NODE_NAME", "node-a",
                "cgroup-guard.agent.host-root", host.toString(),
                "cgroup-guard.agent.interval", "200ms",
                "cgroup-guard.agent.max-retry-delay", "200ms",
                "quarkus.http.host", "127.0.0.1", "quarkus.http.port", "0",
                "quarkus.management.host", "127.0.0.1", "quarkus.management.port", "0").get(key)));
        ApiEndpoint mock = new ApiEndpoint(URI.create(client.getConfiguration().getMasterUrl()), Optional.empty(),
                Optional.empty(), "the mock API server");

        try (AgentProcess agent = new AgentProcess(settings, Optional.of(mock), Clock.systemUTC())) {
            agent.start();
            NodeCondition unknown = await(c -> c.getStatus().equals("Unknown"));
            assertEquals(CgroupExhaustedCondition.READ_FAILED, unknown.getReason());
            assertTrue(unknown.getMessage().contains("host/proc/sys/kernel/osrelease"), unknown.getMessage());

            HostFixtures.copy(Path.of("src/test/resources/hosts/centos7-near-limit"), host);
            NodeCondition exhausted = await(c -> c.getStatus().equals("True"));
            assertEquals(CgroupExhaustedCondition.EXHAUSTED, exhausted.getReason());
            assertEquals("65012 of 65535 memory cgroup ids in use (12 live, 65000 dying); kmem accounting on; "
                    + "kernel 3.10.0-1160.el7.x86_64", exhausted.getMessage());
            assertEquals(List.of("Ready", CgroupExhaustedCondition.TYPE), client.nodes().withName("node-a").get()
                    .getStatus().getConditions().stream().map(NodeCondition::getType).toList());

            HttpResponse<String> ready = get(agent.httpPort(), "/q/health/ready");
            assertEquals(200, ready.statusCode());
            assertEquals("{\"status\":\"UP\",\"checks\":[{\"name\":\"cgroup-condition\",\"status\":\"UP\"}]}",
                    ready.body());
            assertEquals(200, get(agent.httpPort(), "/q/health/live").statusCode());
            HttpResponse<String> scrape = get(agent.managementPort(), "/q/metrics");
            assertEquals("text/plain; version=0.0.4; charset=utf-8",
                    scrape.headers().firstValue("Content-Type").orElseThrow());
            String metrics = scrape.body();
            assertEquals(65012, PrometheusPage.value(metrics, "cgroup_guard_memory_cgroups{kind=\"used\"}"));
            assertEquals(65535, PrometheusPage.value(metrics, "cgroup_guard_memory_cgroup_id_limit"));
            assertTrue(Double.isNaN(PrometheusPage.value(metrics, "cgroup_guard_memory_cgroup_leak_ids_per_hour"))
                    && metrics.contains("cgroup_guard_memory_cgroup_exhausted_by_timestamp_seconds NaN\n"),
                    "the forecast gauges, empty until the history spans forecast-min-history");
            assertEquals(1.0, PrometheusPage.value(metrics, "cgroup_guard_kmem_accounting"), "CentOS 7 accounts kmem");
            assertTrue(PrometheusPage.value(metrics, "cgroup_guard_agent_last_reading_timestamp_seconds")
                    > Instant.now().minusSeconds(60).getEpochSecond(), "a recent successful reading");
            assertTrue(PrometheusPage.value(metrics, "cgroup_guard_agent_read_failures_total") >= 1,
                    "the unreadable host counted");
            assertEquals(404, get(agent.httpPort(), "/q/metrics").statusCode(), "metrics only on the management port");
            assertEquals(404, get(agent.managementPort(), "/q/health/ready").statusCode());
            assertEquals(404, get(agent.httpPort(), "/validate").statusCode(), "no webhook in agent mode");
        }
    }

    static HttpResponse<String> get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static NodeCondition await(Predicate<NodeCondition> wanted) throws InterruptedException {
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
}
