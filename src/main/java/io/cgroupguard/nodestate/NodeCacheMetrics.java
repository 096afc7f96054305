package io.cgroupguard.nodestate;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Optional;

/**
 * Prometheus gauges over the node cache a webhook replica decides from ({@code /q/metrics} on the management
 * port): nodes by effective state, nodes by override, and when the cache last heard from its source. Each replica
 * reports its own cache, so a replica whose informer stalled stands out against the others.
 *
 * <p>Counted at scrape time: one pass over at most a few thousand small records every scrape interval, instead of
 * counters kept in step on every informer event.
 */
@ApplicationScoped
public class NodeCacheMetrics {

    private final NodeSources sources;
    private final MeterRegistry registry;

    NodeCacheMetrics(NodeSources sources, MeterRegistry registry) {
        this.sources = sources;
        this.registry = registry;
    }

    void register(@Observes StartupEvent event) {
        register(sources.cache(), registry);
    }

    static void register(NodeStateCache cache, MeterRegistry registry) {
        for (NodeRisk risk : NodeRisk.values()) {
            Gauge.builder("cgroup_guard_nodes", cache,
                            c -> c.all().stream().filter(n -> n.effective() == risk).count())
                    .description("Nodes in this replica's cache by effective state (override applied)")
                    .tag("state", risk.label()).register(registry);
        }
        for (NodeRisk risk : NodeRisk.values()) {
            Gauge.builder("cgroup_guard_nodes_overridden", cache,
                            c -> c.all().stream().filter(n -> n.override().equals(Optional.of(risk))).count())
                    .description("Nodes carrying a person's cgroup-guard.io/override label, by its value")
                    .tag("override", risk.label()).register(registry);
        }
        Gauge.builder("cgroup_guard_node_cache_last_update_timestamp_seconds", cache,
                        c -> c.lastUpdate().map(t -> t.toEpochMilli() / 1000.0).orElse(Double.NaN))
                .description("Unix time the node cache last received an update from its source (the API server,"
                        + " or the node list file)")
                .register(registry);
    }
}
