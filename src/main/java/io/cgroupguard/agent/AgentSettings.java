package io.cgroupguard.agent;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The node agent's settings, read without a configuration framework: each key {@code cgroup-guard.agent.NAME}
 * from the system property of that name, else the environment variable {@code CGROUP_GUARD_AGENT_NAME} (the
 * names the Quarkus configuration this replaces used, so manifests and charts keep working), else its default.
 * docs/agent.md lists them; a test keeps that table and these defaults in step. A value that does not parse is a
 * {@link IllegalArgumentException} naming the key, and the agent exits with it.
 *
 * @param nodeName           the node this agent runs on; from {@code NODE_NAME}, which the DaemonSet sets from
 *                           spec.nodeName
 * @param interval           how often the node's cgroup state is read
 * @param hostRoot           where the host's {@code proc/} and {@code sys/fs/cgroup/} are
 * @param probe              also make and remove one memory cgroup each reading (needs the hierarchy writable)
 * @param heartbeat          the condition is rewritten at least this often, with fresh numbers
 * @param maxRetryDelay      longest wait between retries after a failed write; retries start at one second
 * @param forecastHorizon    a forecast of the ids running out within this long makes the node at-risk
 * @param forecastMinHistory how long the readings must span before the agent forecasts (one hour: the slow
 *                           leaks this is for show through a burst of pods within that, and an agent restart goes
 *                           without a forecast for no longer than that)
 * @param rebootSentinel     kured's reboot sentinel file, kept while the node needs a reboot; off when empty
 * @param http               the port of {@code /q/health} ({@code quarkus.http.port}, as before)
 * @param management         the port of {@code /q/metrics} ({@code quarkus.management.port}, as before)
 */
public record AgentSettings(String nodeName, Duration interval, Path hostRoot, boolean probe, Duration heartbeat,
                            Duration maxRetryDelay, Duration forecastHorizon, Duration forecastMinHistory,
                            Optional<Path> rebootSentinel, Listener http, Listener management) {

    /** The prefix of the agent's own keys. */
    public static final String PREFIX = "cgroup-guard.agent.";

    /**
     * The documented defaults, by key; {@code max-retry-delay} defaults to the interval and {@code node-name} to
     * {@code NODE_NAME}, so neither has a fixed one.
     */
    public static final Map<String, String> DEFAULTS = Map.of(
            "interval", "30s",
            "host-root", "/",
            "probe", "false",
            "heartbeat", "5m",
            "forecast-horizon", "24h",
            "forecast-min-history", "1h");

    /**
     * Where one HTTP listener binds.
     *
     * @param host the address; {@code 0.0.0.0} (every interface, as in a pod) unless set
     * @param port the port; 0 picks a free one
     */
    public record Listener(String host, int port) {
    }

    /** The settings of this process: system properties, then environment variables. */
    public static AgentSettings fromEnvironment() {
        Map<String, String> env = System.getenv();
        return read(key -> Optional.ofNullable(System.getProperty(key))
                .or(() -> Optional.ofNullable(env.get(envName(key)))).filter(v -> !v.isBlank()));
    }

    /**
     * Parses and checks every setting.
     *
     * @param lookup a key ({@code cgroup-guard.agent.interval}) to its value, empty when unset
     */
    public static AgentSettings read(Function<String, Optional<String>> lookup) {
        Source source = new Source(lookup);
        String nodeName = source.value(PREFIX + "node-name").or(() -> source.value("NODE_NAME"))
                .orElseThrow(() -> new IllegalArgumentException("NODE_NAME is not set; the DaemonSet must set it from "
                        + "the downward API (env NODE_NAME, valueFrom.fieldRef.fieldPath: spec.nodeName)"));
        Duration interval = source.positiveDuration("interval");
        return new AgentSettings(nodeName, interval, Path.of(source.agent("host-root")),
                source.bool("probe"), source.positiveDuration("heartbeat"),
                source.value(PREFIX + "max-retry-delay").map(v -> duration(PREFIX + "max-retry-delay", v, true))
                        .orElse(interval),
                source.positiveDuration("forecast-horizon"), source.positiveDuration("forecast-min-history"),
                source.value(PREFIX + "reboot-sentinel").map(Path::of),
                new Listener(source.value("quarkus.http.host").orElse("0.0.0.0"), source.port("quarkus.http.port", 8080)),
                new Listener(source.value("quarkus.management.host").orElse("0.0.0.0"),
                        source.port("quarkus.management.port", 9000)));
    }

    /** The environment variable of a key, by MicroProfile Config's rule: upper case, non-alphanumerics to '_'. */
    public static String envName(String key) {
        return key.toUpperCase(java.util.Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    /**
     * A duration as Quarkus reads one: a bare number is seconds, {@code ms} millis, {@code d} days, and otherwise
     * ISO-8601 with or without its {@code PT} ({@code 30s}, {@code 5m}, {@code 1h30m}, {@code PT30S}).
     */
    static Duration duration(String key, String value, boolean positive) {
        String v = value.strip();
        Duration parsed;
        try {
            if (v.matches("\\d+")) {
                parsed = Duration.ofSeconds(Long.parseLong(v));
            } else if (v.matches("\\d+ms")) {
                parsed = Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            } else if (v.matches("\\d+[dD]")) {
                parsed = Duration.parse("P" + v);
            } else {
                parsed = Duration.parse(v.regionMatches(true, 0, "P", 0, 1) ? v : "PT" + v);
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            throw invalid(key, value, "a duration such as 500ms, 30s, 5m, 1h or PT30S");
        }
        if (positive && (parsed.isNegative() || parsed.isZero())) {
            throw invalid(key, value, "a duration above zero");
        }
        return parsed;
    }

    static IllegalArgumentException invalid(String key, String value, String expected) {
        return new IllegalArgumentException("invalid value '" + value + "' for " + key + " (environment "
                + envName(key) + "): expected " + expected);
    }

    /** The lookup with the parsing of each kind of value. */
    private record Source(Function<String, Optional<String>> lookup) {

        Optional<String> value(String key) {
            return lookup.apply(key).map(String::strip).filter(v -> !v.isEmpty());
        }

        String agent(String name) {
            return value(PREFIX + name).orElse(DEFAULTS.get(name));
        }

        Duration positiveDuration(String name) {
            return duration(PREFIX + name, agent(name), true);
        }

        boolean bool(String name) {
            String v = agent(name);
            if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("false")) {
                return Boolean.parseBoolean(v);
            }
            throw invalid(PREFIX + name, v, "true or false");
        }

        int port(String key, int fallback) {
            Optional<String> v = value(key);
            try {
                int port = v.map(Integer::parseInt).orElse(fallback);
                if (port >= 0 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException e) {
                // reported below, with the key
            }
            throw invalid(key, v.orElse(""), "a port from 0 to 65535");
        }
    }
}
