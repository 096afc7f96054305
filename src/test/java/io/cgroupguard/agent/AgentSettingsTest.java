package io.cgroupguard.agent;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent's settings: the documented keys and defaults, the duration syntax, and bad values named. */
class AgentSettingsTest {

    /** A row of docs/agent.md's configuration table: key, environment variable, default. */
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z-]+)` \\| `([A-Z_]+)` \\| ([^|]+) \\|", Pattern.MULTILINE);

    private static AgentSettings read(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        values.put("NODE_NAME", "node-a");
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return AgentSettings.read(key -> Optional.ofNullable(values.get(key)));
    }

    @Test
    void defaultsAndEnvironmentNamesAgreeWithTheDocumentedTable() throws IOException {
        Matcher row = ROW.matcher(Files.readString(Path.of("docs/agent.md")));
        Map<String, String> documented = new HashMap<>();
        int rows = 0;
        while (row.find()) {
            rows++;
            String key = row.group(1);
            if (!key.equals("node-name")) {
                assertEquals(AgentSettings.envName(AgentSettings.PREFIX + key), row.group(2), key);
            }
            String value = row.group(3).strip();
            if (value.startsWith("`")) {
                documented.put(key, value.substring(1, value.length() - 1));
            }
        }
        assertEquals(9, rows, "every setting is documented");
        assertEquals(AgentSettings.DEFAULTS, documented);

        AgentSettings defaults = read();
        assertEquals(Duration.ofSeconds(30), defaults.interval());
        assertEquals(Path.of("/"), defaults.hostRoot());
        assertFalse(defaults.probe());
        assertEquals(Duration.ofMinutes(5), defaults.heartbeat());
        assertEquals(defaults.interval(), defaults.maxRetryDelay(), "documented as the interval");
        assertEquals(Duration.ofHours(24), defaults.forecastHorizon());
        assertEquals(Duration.ofHours(1), defaults.forecastMinHistory());
        assertEquals(Optional.empty(), defaults.rebootSentinel(), "documented as unset (off)");
        assertEquals(new AgentSettings.Listener("0.0.0.0", 8080), defaults.http());
        assertEquals(new AgentSettings.Listener("0.0.0.0", 9000), defaults.management());
    }

    static Stream<Arguments> durations() {
        return Stream.of(
                Arguments.of("30s", Duration.ofSeconds(30)), Arguments.of("500ms", Duration.ofMillis(500)),
                Arguments.of("45", Duration.ofSeconds(45)), Arguments.of("5m", Duration.ofMinutes(5)),
                Arguments.of("1h30m", Duration.ofMinutes(90)), Arguments.of("2d", Duration.ofDays(2)),
                Arguments.of("PT20S", Duration.ofSeconds(20)), Arguments.of("1.5s", Duration.ofMillis(1500)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("durations")
    void readsDurationsAsQuarkusDid(String value, Duration expected) {
        assertEquals(expected, read("cgroup-guard.agent.interval", value).interval());
    }

    @Test
    void maxRetryDelayFollowsTheInterval_unlessSet() {
        assertEquals(Duration.ofSeconds(10), read("cgroup-guard.agent.interval", "10s").maxRetryDelay());
        assertEquals(Duration.ofMinutes(2), read("cgroup-guard.agent.interval", "10s",
                "cgroup-guard.agent.max-retry-delay", "2m").maxRetryDelay());
    }

    @Test
    void nodeNameFromItsOwnKeyWinsOverNodeName() {
        assertEquals("node-b", read("cgroup-guard.agent.node-name", "node-b").nodeName());
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of(Named.of("a word for a duration", "cgroup-guard.agent.interval"), "often",
                        "CGROUP_GUARD_AGENT_INTERVAL"),
                Arguments.of(Named.of("a zero interval", "cgroup-guard.agent.interval"), "0s",
                        "CGROUP_GUARD_AGENT_INTERVAL"),
                Arguments.of(Named.of("a negative heartbeat", "cgroup-guard.agent.heartbeat"), "-5m",
                        "CGROUP_GUARD_AGENT_HEARTBEAT"),
                Arguments.of(Named.of("yes for a boolean", "cgroup-guard.agent.probe"), "yes",
                        "CGROUP_GUARD_AGENT_PROBE"),
                Arguments.of(Named.of("a port out of range", "quarkus.http.port"), "70000", "QUARKUS_HTTP_PORT"),
                Arguments.of(Named.of("a port that is not a number", "quarkus.management.port"), "metrics",
                        "QUARKUS_MANAGEMENT_PORT"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badValues")
    void refusesBadValues_namingTheKeyAndItsEnvironmentVariable(String key, String value, String env) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read(key, value));
        assertTrue(e.getMessage().contains(key) && e.getMessage().contains(env)
                && e.getMessage().contains("'" + value + "'"), e.getMessage());
    }

    @Test
    void refusesToStartWithoutNodeName_sayingHowToSetIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AgentSettings.read(key -> Optional.empty()));
        assertTrue(e.getMessage().contains("spec.nodeName"), e.getMessage());
    }
}
