package io.cgroupguard.nodestate;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The in-memory node cache behind the webhook. Node sources write to it (a file reload replaces it whole,
 * an informer updates one node at a time); request threads only read.
 */
public final class NodeStateCache implements NodeStateIndex {

    private final Map<String, NodeState> nodes = new ConcurrentHashMap<>();
    private final AtomicInteger exhausted = new AtomicInteger();
    private volatile boolean synced;
    private final Clock clock;
    private volatile Instant lastUpdate;

    public NodeStateCache() {
        this(Clock.systemUTC());
    }

    /** A cache that stamps its updates with {@code clock}'s time. */
    public NodeStateCache(Clock clock) {
        this.clock = clock;
    }

    @Override
    public Optional<NodeState> get(String nodeName) {
        return nodeName == null ? Optional.empty() : Optional.ofNullable(nodes.get(nodeName));
    }

    @Override
    public int exhaustedCount() {
        return exhausted.get();
    }

    @Override
    public boolean synced() {
        return synced;
    }

    /** Number of nodes cached. */
    public int size() {
        return nodes.size();
    }

    /** Every node cached, a live read-only view (for metrics; decisions use {@link #get}). */
    public Collection<NodeState> all() {
        return Collections.unmodifiableCollection(nodes.values());
    }

    /** When a source last delivered anything (a node, a deletion, a list, the end of the initial list). */
    public Optional<Instant> lastUpdate() {
        return Optional.ofNullable(lastUpdate);
    }

    /** Adds or replaces one node. */
    public synchronized void put(NodeState state) {
        NodeState previous = nodes.put(state.name(), state);
        exhausted.addAndGet(weight(state) - weight(previous));
        lastUpdate = clock.instant();
    }

    /** Forgets one node. */
    public synchronized void remove(String name) {
        exhausted.addAndGet(-weight(nodes.remove(name)));
        lastUpdate = clock.instant();
    }

    /**
     * Replaces the whole content with a freshly read list and marks the cache synced. Nodes are put before
     * stale ones are dropped, so a concurrent reader never sees a known node vanish and come back.
     */
    public synchronized void replaceAll(Collection<NodeState> fresh) {
        Map<String, NodeState> byName = new HashMap<>();
        fresh.forEach(s -> byName.put(s.name(), s));
        nodes.putAll(byName);
        nodes.keySet().retainAll(byName.keySet());
        exhausted.set((int) byName.values().stream().filter(NodeState::exhausted).count());
        lastUpdate = clock.instant();
        synced = true;
    }

    /** Marks the cache synced after an incremental source has delivered its initial list. */
    public void markSynced() {
        lastUpdate = clock.instant();
        synced = true;
    }

    private static int weight(NodeState state) {
        return state != null && state.exhausted() ? 1 : 0;
    }
}
