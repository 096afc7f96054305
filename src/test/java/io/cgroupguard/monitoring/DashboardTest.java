package io.cgroupguard.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Grafana dashboard file: valid JSON with a stable uid, panels that do not overlap and each query something,
 * and API server metric names that the API server really exports. The guard's own names are checked against
 * running instances in {@link DashboardServeMetricsTest} and {@link DashboardAgentMetricsTest}.
 */
class DashboardTest {

    /**
     * The API server's admission webhook metrics, as registered in
     * staging/src/k8s.io/apiserver/pkg/admission/metrics/metrics.go (Kubernetes 1.24 and later; request_total
     * from 1.23): webhook_admission_duration_seconds (histogram, labels name/type/operation/rejected),
     * webhook_rejection_count (name/type/operation/error_type/rejection_code), webhook_fail_open_count
     * (name/type), webhook_request_total (name/type/operation/code/rejected).
     */
    static final Set<String> API_SERVER_METRICS = Set.of(
            "apiserver_admission_webhook_admission_duration_seconds_bucket",
            "apiserver_admission_webhook_rejection_count",
            "apiserver_admission_webhook_fail_open_count",
            "apiserver_admission_webhook_request_total");

    @Test
    void hasTheStableUid_andATitle() {
        JsonNode dashboard = MonitoringFiles.dashboard();

        assertEquals(MonitoringFiles.DASHBOARD_UID, dashboard.path("uid").asText());
        assertEquals("cgroup-guard", dashboard.path("title").asText());
    }

    @Test
    void everyPanelQueriesSomething_andPanelsNeitherShareIdsNorOverlap() {
        Set<Integer> ids = new HashSet<>();
        Set<String> cells = new HashSet<>();
        for (JsonNode panel : MonitoringFiles.dashboard().path("panels")) {
            String title = panel.path("title").asText();
            assertTrue(ids.add(panel.path("id").asInt()), "duplicate panel id in " + title);
            assertFalse(panel.path("targets").isEmpty(), title + " queries nothing");
            panel.path("targets").forEach(t -> assertFalse(t.path("expr").asText().isBlank(), title));
            JsonNode pos = panel.path("gridPos");
            assertTrue(pos.path("x").asInt() + pos.path("w").asInt() <= 24, title + " is wider than the grid");
            for (int x = pos.path("x").asInt(); x < pos.path("x").asInt() + pos.path("w").asInt(); x++) {
                for (int y = pos.path("y").asInt(); y < pos.path("y").asInt() + pos.path("h").asInt(); y++) {
                    assertTrue(cells.add(x + "," + y), title + " overlaps another panel at " + x + "," + y);
                }
            }
        }
        assertTrue(ids.size() >= 8, "the panels the issue asks for");
    }

    @Test
    void apiServerNamesAreOnesTheApiServerExports() {
        Set<String> apiServer = new TreeSet<>(MonitoringFiles.dashboardMetrics());
        apiServer.removeIf(name -> !name.startsWith("apiserver_"));

        assertFalse(apiServer.isEmpty(), "the dashboard shows the API server's fail-open signals");
        assertTrue(API_SERVER_METRICS.containsAll(apiServer), "unknown API server metrics: " + apiServer);
    }

    @Test
    void theKustomizeComponentShipsTheSameDashboard() {
        assertEquals(MonitoringFiles.read(MonitoringFiles.DASHBOARD),
                MonitoringFiles.read(MonitoringFiles.COMPONENT.resolve("grafana-dashboard.json")));
    }
}
