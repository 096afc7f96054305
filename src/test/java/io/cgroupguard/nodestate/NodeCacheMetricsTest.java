package io.cgroupguard.nodestate;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeCacheMetricsTest {

    static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    static NodeState node(String name, String state, String override) {
        Map<String, String> labels = new java.util.HashMap<>();
        if (state != null) {
            labels.put(GuardKeys.STATE, state);
        }
        if (override != null) {
            labels.put(GuardKeys.OVERRIDE, override);
        }
        return NodeState.of(name, labels, Map.of());
    }

    static Stream<Arguments> caches() {
        return Stream.of(
                Arguments.of("unlabelledNodeCountsAsHealthy", List.of(node("a", null, null)),
                        Map.of("healthy", 1.0, "at-risk", 0.0, "exhausted", 0.0), Map.of("exhausted", 0.0)),
                Arguments.of("overrideWinsOverTheLabel", List.of(node("a", "healthy", "exhausted"),
                                node("b", "exhausted", "healthy"), node("c", "at-risk", null)),
                        Map.of("healthy", 1.0, "at-risk", 1.0, "exhausted", 1.0),
                        Map.of("exhausted", 1.0, "healthy", 1.0, "at-risk", 0.0)),
                Arguments.of("unknownLabelValuesAreNoEvidence", List.of(node("a", "on-fire", "maybe")),
                        Map.of("healthy", 1.0, "exhausted", 0.0), Map.of("exhausted", 0.0, "healthy", 0.0)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("caches")
    void countsNodesByEffectiveStateAndOverride(String name, List<NodeState> nodes, Map<String, Double> byState,
                                                Map<String, Double> byOverride) {
        NodeStateCache cache = new NodeStateCache(Clock.fixed(NOW, ZoneOffset.UTC));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        NodeCacheMetrics.register(cache, registry);
        cache.replaceAll(nodes);

        byState.forEach((state, count) -> assertEquals(count,
                registry.get("cgroup_guard_nodes").tag("state", state).gauge().value(), state));
        byOverride.forEach((override, count) -> assertEquals(count,
                registry.get("cgroup_guard_nodes_overridden").tag("override", override).gauge().value(), override));
        assertEquals(NOW.getEpochSecond(), registry.get("cgroup_guard_node_cache_last_update_timestamp_seconds")
                .gauge().value());
    }

    @org.junit.jupiter.api.Test
    void lastUpdateIsUnknown_untilTheSourceDeliversAnything() {
        NodeStateCache cache = new NodeStateCache(Clock.fixed(NOW, ZoneOffset.UTC));
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        NodeCacheMetrics.register(cache, registry);

        assertTrue(Double.isNaN(registry.get("cgroup_guard_node_cache_last_update_timestamp_seconds").gauge().value()));
        cache.remove("gone");
        assertEquals(NOW.getEpochSecond(), registry.get("cgroup_guard_node_cache_last_update_timestamp_seconds")
                .gauge().value());
    }
}
