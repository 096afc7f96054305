package io.cgroupguard.remediation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * How many evictions may go out now: at most a number a minute for the whole cluster and a smaller number a
 * minute from any one node, over a sliding minute on the injected clock. Only the leader evicts, so the
 * cluster-wide limit holds; the per-node limit keeps a wrongly flagged node from emptying itself at once.
 */
final class EvictionBudget {

    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final int perMinute;
    private final int perNodePerMinute;
    private final Clock clock;
    private final Deque<Instant> cluster = new ArrayDeque<>();
    private final Map<String, Deque<Instant>> nodes = new HashMap<>();

    EvictionBudget(int perMinute, int perNodePerMinute, Clock clock) {
        this.perMinute = perMinute;
        this.perNodePerMinute = perNodePerMinute;
        this.clock = clock;
    }

    /** Takes one eviction from {@code node} if both limits allow it now. */
    synchronized boolean take(String node) {
        Instant now = clock.instant();
        Instant horizon = now.minus(WINDOW);
        prune(cluster, horizon);
        Deque<Instant> fromNode = nodes.computeIfAbsent(node, n -> new ArrayDeque<>());
        prune(fromNode, horizon);
        if (cluster.size() >= perMinute || fromNode.size() >= perNodePerMinute) {
            return false;
        }
        cluster.addLast(now);
        fromNode.addLast(now);
        return true;
    }

    private static void prune(Deque<Instant> taken, Instant horizon) {
        while (!taken.isEmpty() && !taken.peekFirst().isAfter(horizon)) {
            taken.removeFirst();
        }
    }
}
