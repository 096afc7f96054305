package io.cgroupguard.npd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cgroupguard.nodestate.CgroupExhaustedCondition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The custom plugin monitor configuration: what NPD's own validation requires of it (custompluginmonitor
 * {@code types/config.go}: plugin "custom", no rule timeout above the global one, a default condition for every
 * permanent rule) and what the labeller needs of the condition it produces.
 */
class MonitorConfigTest {

    private static JsonNode config;

    @BeforeAll
    static void read() throws IOException {
        config = new ObjectMapper().readTree(CheckScript.CONFIG.toFile());
    }

    static Duration goDuration(String value) {
        return Duration.parse("PT" + value.toUpperCase());
    }

    @Test
    void passesNodeProblemDetectorsValidation() {
        assertEquals("custom", config.get("plugin").asText());
        Duration global = goDuration(config.at("/pluginConfig/timeout").asText());
        assertTrue(global.compareTo(goDuration(config.at("/pluginConfig/invoke_interval").asText())) < 0,
                "a check must end before the next one starts");
        List<String> defaults = StreamSupport.stream(config.get("conditions").spliterator(), false)
                .map(c -> c.get("type").asText()).toList();
        for (JsonNode rule : config.get("rules")) {
            assertTrue(goDuration(rule.get("timeout").asText()).compareTo(global) <= 0, rule.toString());
            assertEquals("permanent", rule.get("type").asText());
            assertTrue(defaults.contains(rule.get("condition").asText()), rule.toString());
        }
    }

    @Test
    void setsTheGuardsCondition_exhaustedWithTheAgentsReason() {
        JsonNode rule = config.get("rules").get(0);
        assertEquals(1, config.get("rules").size());
        assertEquals(CgroupExhaustedCondition.TYPE, rule.get("condition").asText());
        // The agent's own True reason: even a labeller that only knows the agent's reasons counts it.
        assertEquals(CgroupExhaustedCondition.EXHAUSTED, rule.get("reason").asText());
        assertEquals(CheckScript.SCRIPT.getFileName().toString(), Path.of(rule.get("path").asText()).getFileName()
                .toString());
    }

    @Test
    void defaultReasonNeverReadsAsHeadroom() {
        // NPD writes the default reason for every False, at-risk included: it must not claim the agent's headroom.
        String reason = config.get("conditions").get(0).get("reason").asText();
        assertFalse(List.of(CgroupExhaustedCondition.AVAILABLE, CgroupExhaustedCondition.AT_RISK, CgroupExhaustedCondition.EXHAUSTED,
                CgroupExhaustedCondition.CREATE_FAILED, CgroupExhaustedCondition.READ_FAILED).contains(reason), reason);
    }

    @Test
    void scriptIsAnExecutablePosixShellScript() throws IOException {
        assertTrue(Files.isExecutable(CheckScript.SCRIPT), "NPD runs the rule's path itself");
        assertEquals("#!/bin/sh", Files.readAllLines(CheckScript.SCRIPT).get(0));
    }
}
