package io.cgroupguard.monitoring;

import io.cgroupguard.agent.AgentProcess;
import io.cgroupguard.agent.AgentSettings;
import io.cgroupguard.testing.HostFixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every agent name the dashboard and the alert rules query is on a running {@code agent} process's metrics page. */
class DashboardAgentMetricsTest {

    @Test
    void dashboardAndRulesQueryOnlyNamesTheAgentExports(@TempDir Path dir) throws Exception {
        Set<String> wanted = new TreeSet<>(MonitoringFiles.dashboardMetrics());
        wanted.addAll(MonitoringFiles.ruleMetrics());
        wanted.removeIf(name -> !MonitoringFiles.agentFamily(name));
        assertFalse(wanted.isEmpty());

        Path host = HostFixtures.copy(Path.of("src/test/resources/hosts/centos7-near-limit"), dir.resolve("host"));
        AgentSettings settings = AgentSettings.read(key -> Optional.ofNullable(Map.of("NODE_NAME", "node-a",
                "cgroup-guard.agent.host-root", host.toString(), "cgroup-guard.agent.interval", "200ms",
                "quarkus.http.host", "127.0.0.1", "quarkus.http.port", "0",
                "quarkus.management.host", "127.0.0.1", "quarkus.management.port", "0").get(key)));
        // No API server: the writes fail and are retried, the readings and their gauges go on.
        try (AgentProcess agent = new AgentProcess(settings, Optional.empty(), Clock.systemUTC())) {
            agent.start();
            Set<String> missing = new TreeSet<>(wanted);
            for (int i = 0; i < 100 && !missing.isEmpty(); i++) {
                Thread.sleep(i == 0 ? 0 : 200);
                missing = new TreeSet<>(wanted);
                missing.removeAll(MonitoringFiles.exported(scrape(agent.managementPort())));
            }
            assertTrue(missing.isEmpty(), "the dashboard or rules query names agent mode does not export: " + missing);
        }
    }

    private static String scrape(int port) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/q/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
    }
}
