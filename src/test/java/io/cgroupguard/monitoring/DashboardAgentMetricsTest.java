package io.cgroupguard.monitoring;

import io.cgroupguard.agent.AgentModeTest;
import io.cgroupguard.testing.HostFixtures;
import io.cgroupguard.testing.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every agent name the dashboard queries is on a running {@code agent} instance's metrics page. */
@QuarkusTest
@TestProfile(AgentModeTest.Agent.class)
@WithKubernetesTestServer(crud = true)
class DashboardAgentMetricsTest {

    @Test
    void dashboardQueriesOnlyNamesTheAgentExports() throws Exception {
        Set<String> wanted = new TreeSet<>(MonitoringFiles.dashboardMetrics());
        wanted.removeIf(name -> !MonitoringFiles.agentFamily(name));
        assertFalse(wanted.isEmpty());

        // The agent's meters appear with its first reading, moments after startup; the forecast's only with a
        // successful one, so the agent is given a host it can read (AgentModeTest's profile starts with none).
        // (AgentModeTest, on the same running app, may have given it one already.)
        if (!Files.exists(AgentModeTest.HOST.resolve("proc"))) {
            HostFixtures.copy(Path.of("src/test/resources/hosts/centos7-near-limit"), AgentModeTest.HOST);
        }
        Set<String> missing = new TreeSet<>(wanted);
        for (int i = 0; i < 100 && !missing.isEmpty(); i++) {
            Thread.sleep(i == 0 ? 0 : 200);
            missing = new TreeSet<>(wanted);
            missing.removeAll(MonitoringFiles.exported(Management.metrics()));
        }
        assertTrue(missing.isEmpty(), "the dashboard queries names agent mode does not export: " + missing);
    }
}
