package io.cgroupguard.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The alert rules: {@code promtool check rules} and {@code promtool test rules} on the chart's files (skipped,
 * saying why, where promtool is absent; .ci/run installs it), every alert with a test case, and the kustomize
 * component's PrometheusRule carrying the same groups.
 */
class PrometheusRulesTest {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** promtool on the PATH, or where .ci/run unpacks Debian's prometheus package. */
    static Path promtoolOrSkip() {
        Optional<Path> promtool = Stream.concat(
                        Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                                .filter(dir -> !dir.isBlank()),
                        Stream.of("/opt/prometheus-pkg/usr/bin"))
                .map(dir -> Path.of(dir, "promtool")).filter(Files::isExecutable).findFirst();
        Assumptions.assumeTrue(promtool.isPresent(), "promtool is not on the PATH nor in /opt/prometheus-pkg, so the"
                + " alert rules cannot be checked here (.ci/run installs Debian's prometheus package for it)");
        return promtool.get();
    }

    static String run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).directory(MonitoringFiles.CHART_FILES.toFile())
                .redirectErrorStream(true).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "promtool finished within 2 minutes");
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + output);
        return output;
    }

    @Test
    void rulesAreValid() throws Exception {
        String out = run(List.of(promtoolOrSkip().toString(), "check", "rules", "prometheus-rules.yaml"));

        assertTrue(out.contains("SUCCESS: " + alertNames().size() + " rules found"), out);
    }

    @Test
    void everyAlertPassesItsPromtoolCases() throws Exception {
        String out = run(List.of(promtoolOrSkip().toString(), "test", "rules", "prometheus-rules.test.yaml"));

        assertTrue(out.contains("SUCCESS"), out);
    }

    @Test
    void everyAlertHasACaseThatFiresIt_andOneWhereItMustNot() throws Exception {
        Set<String> fired = new TreeSet<>();
        Set<String> silent = new TreeSet<>();
        for (JsonNode test : YAML.readTree(MonitoringFiles.RULE_TESTS.toFile()).path("tests")) {
            for (JsonNode check : test.path("alert_rule_test")) {
                String alert = check.path("alertname").asText();
                (check.path("exp_alerts").isEmpty() ? silent : fired).add(alert);
                // A listed expectation is exact: series of the case that are not listed must not fire either.
                if (!check.path("exp_alerts").isEmpty() && test.path("input_series").size() > check.path("exp_alerts").size()) {
                    silent.add(alert);
                }
            }
        }

        assertEquals(alertNames(), fired, "alerts with a case that fires them");
        assertEquals(alertNames(), silent, "alerts with a case where they must stay silent");
    }

    @Test
    void everyAlertSaysWhatToDo() throws Exception {
        for (JsonNode rule : rules(YAML.readTree(MonitoringFiles.RULES.toFile()).path("groups"))) {
            String alert = rule.path("alert").asText();
            assertTrue(rule.path("annotations").path("summary").asText().length() > 10, alert);
            assertTrue(rule.path("annotations").path("description").asText().contains("What to do: "), alert);
            assertTrue(Set.of("warning", "critical").contains(rule.path("labels").path("severity").asText()), alert);
        }
    }

    @Test
    void theKustomizeComponentCarriesTheSameGroups() throws Exception {
        JsonNode component = YAML.readTree(MonitoringFiles.COMPONENT.resolve("prometheus-rule.yaml").toFile());

        assertEquals("PrometheusRule", component.path("kind").asText());
        assertEquals(YAML.readTree(MonitoringFiles.RULES.toFile()).path("groups"), component.path("spec").path("groups"));
    }

    static Set<String> alertNames() throws Exception {
        Set<String> names = new TreeSet<>();
        rules(YAML.readTree(MonitoringFiles.RULES.toFile()).path("groups")).forEach(r -> names.add(r.path("alert").asText()));
        return names;
    }

    private static List<JsonNode> rules(JsonNode groups) {
        List<JsonNode> rules = new ArrayList<>();
        groups.forEach(g -> g.path("rules").forEach(rules::add));
        return rules;
    }
}
