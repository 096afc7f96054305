package io.cgroupguard.monitoring;

import io.cgroupguard.testing.Management;
import io.cgroupguard.testing.StandaloneProfiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every {@code serve}-mode name the dashboard queries is on a running {@code serve} instance's metrics page. */
@QuarkusTest
@TestProfile(StandaloneProfiles.Enforce.class)
class DashboardServeMetricsTest {

    @Test
    void dashboardQueriesOnlyNamesTheWebhookExports() {
        Set<String> wanted = new TreeSet<>(MonitoringFiles.dashboardMetrics());
        wanted.removeIf(name -> !name.startsWith("cgroup_guard_") || MonitoringFiles.agentFamily(name));
        Set<String> exported = MonitoringFiles.exported(Management.metrics());

        assertFalse(wanted.isEmpty());
        Set<String> missing = new TreeSet<>(wanted);
        missing.removeAll(exported);
        assertTrue(missing.isEmpty(), "the dashboard queries names serve mode does not export: " + missing);
    }
}
