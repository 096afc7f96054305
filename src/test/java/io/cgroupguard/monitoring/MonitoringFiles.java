package io.cgroupguard.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The monitoring files the chart and the kustomize component ship, and the metric names in them and in a
 * Prometheus text page.
 */
final class MonitoringFiles {

    static final Path CHART_FILES = Path.of("charts/cgroup-guard/files");
    static final Path RULES = CHART_FILES.resolve("prometheus-rules.yaml");
    static final Path RULE_TESTS = CHART_FILES.resolve("prometheus-rules.test.yaml");
    static final Path DASHBOARD = CHART_FILES.resolve("grafana-dashboard.json");
    static final Path COMPONENT = Path.of("manifests/components/monitoring");

    /** The dashboard's uid: links and provisioned copies find it by this, so it never changes. */
    static final String DASHBOARD_UID = "cgroup-guard-overview";

    /** Series names of this project and of the API server, as they appear in PromQL. */
    private static final Pattern METRIC = Pattern.compile("\\b((?:cgroup_guard|apiserver)_[a-zA-Z0-9_]+)");
    /** The name at the start of a sample line of the Prometheus text format. */
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)[{ ]");
    /** The agent's families: the part of the guard's names only {@code agent} mode exports. */
    private static final Pattern AGENT_FAMILY =
            Pattern.compile("cgroup_guard_(memory_cgroup|kmem_|agent_).*");

    private MonitoringFiles() {
    }

    static JsonNode dashboard() {
        try {
            return new ObjectMapper().readTree(DASHBOARD.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every PromQL expression of the dashboard's panels. */
    static Set<String> dashboardQueries() {
        Set<String> queries = new TreeSet<>();
        for (JsonNode panel : dashboard().path("panels")) {
            panel.path("targets").forEach(t -> queries.add(t.path("expr").asText()));
        }
        return queries;
    }

    /** The metric names the dashboard's queries read. */
    static Set<String> dashboardMetrics() {
        Set<String> names = new TreeSet<>();
        dashboardQueries().forEach(q -> {
            Matcher m = METRIC.matcher(q);
            while (m.find()) {
                names.add(m.group(1));
            }
        });
        return names;
    }

    /** The metric names the alert rules' file mentions (its expressions, and any name in its text). */
    static Set<String> ruleMetrics() {
        Set<String> names = new TreeSet<>();
        Matcher m = METRIC.matcher(read(RULES));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    static boolean agentFamily(String name) {
        return AGENT_FAMILY.matcher(name).matches();
    }

    /** The names of the samples on a Prometheus text page (histogram series with their suffixes). */
    static Set<String> exported(String prometheusText) {
        Set<String> names = new TreeSet<>();
        prometheusText.lines().filter(l -> !l.startsWith("#")).forEach(l -> {
            Matcher m = SAMPLE.matcher(l);
            if (m.find()) {
                names.add(m.group(1));
            }
        });
        return names;
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
