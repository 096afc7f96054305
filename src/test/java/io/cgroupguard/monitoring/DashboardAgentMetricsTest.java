package io.cgroupguard.monitoring;

import io.cgroupguard.agent.AgentModeTest;
import io.cgroupguard.testing.Management;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import org.junit.jupiter.api.Test;

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
    void dashboardQueriesOnlyNamesTheAgentExports() throws InterruptedException {
        Set<String> wanted = new TreeSet<>(MonitoringFiles.dashboardMetrics());
        wanted.removeIf(name -> !MonitoringFiles.agentFamily(name));
        assertFalse(wanted.isEmpty());

        // The agent's meters appear with its first reading, moments after startup.
        Set<String> missing = new TreeSet<>(wanted);
        for (int i = 0; i < 100 && !missing.isEmpty(); i++) {
            Thread.sleep(i == 0 ? 0 : 200);
            missing = new TreeSet<>(wanted);
            missing.removeAll(MonitoringFiles.exported(Management.metrics()));
        }
        assertTrue(missing.isEmpty(), "the dashboard queries names agent mode does not export: " + missing);
    }
}
