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
    void dashboardQueriesOnlyNamesTheAgentExports() {
        Set<String> wanted = new TreeSet<>(MonitoringFiles.dashboardMetrics());
        wanted.removeIf(name -> !MonitoringFiles.agentFamily(name));
        Set<String> exported = MonitoringFiles.exported(Management.metrics());

        assertFalse(wanted.isEmpty());
        Set<String> missing = new TreeSet<>(wanted);
        missing.removeAll(exported);
        assertTrue(missing.isEmpty(), "the dashboard queries names agent mode does not export: " + missing);
    }
}
