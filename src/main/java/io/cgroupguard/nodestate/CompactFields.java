package io.cgroupguard.nodestate;

import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Taint;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The form in which {@link KeptNodeFields} holds a Node's fields for as long as the Node exists: one copy of each
 * string that repeats across Nodes, label and annotation maps in the JDK's compact immutable form, and only the
 * conditions a consumer reads, each reduced to the fields it reads.
 *
 * <p>Why: with 5,000 Nodes the store was the largest part of the leader's live heap (9.3 MB). Jackson shares the
 * keys of a map it decodes (it interns field names) but not the values, so {@code amd64}, {@code linux},
 * {@code true}, the instance type and the zone were each held once per Node; and a decoded map is a
 * {@code LinkedHashMap} of 40-byte entries. Values are shared through {@link String#intern()}: the JVM's string
 * table holds its strings weakly, so a value no Node carries any more goes with the last Node that had it, which a
 * pool of our own would have to arrange.
 */
final class CompactFields {

    /**
     * The condition types some consumer reads: the labeller reads when the node last became Ready and the agent's
     * {@code CgroupExhausted}. A kubelet reports five more (MemoryPressure, DiskPressure, PIDPressure,
     * NetworkUnavailable, and each node-problem-detector rule one), each with a message of its own.
     */
    static final Set<String> READ_CONDITIONS = Set.of("Ready", CgroupExhaustedCondition.TYPE);

    private CompactFields() {
    }

    /** The one copy of {@code value}, or null. */
    static String shared(String value) {
        return value == null ? null : value.intern();
    }

    /**
     * {@code map} with shared keys and values, as an immutable map; null stays null. An entry with a null value
     * (which the API server never sends) is left out: every consumer reads a label with {@code get}, which answers
     * null for it either way.
     */
    static Map<String, String> map(Map<String, String> map) {
        if (map == null) {
            return null;
        }
        @SuppressWarnings("unchecked")
        Map.Entry<String, String>[] entries = map.entrySet().stream()
                .filter(e -> e.getKey() != null && e.getValue() != null)
                .map(e -> Map.entry(shared(e.getKey()), shared(e.getValue())))
                .toArray(Map.Entry[]::new);
        return Map.ofEntries(entries);
    }

    /** The conditions a consumer reads ({@link #READ_CONDITIONS}), with the fields it reads; null stays null. */
    static List<NodeCondition> conditions(List<NodeCondition> conditions) {
        if (conditions == null) {
            return null;
        }
        return conditions.stream()
                .filter(Objects::nonNull)
                .filter(c -> READ_CONDITIONS.contains(c.getType()))
                // The heartbeat time changes at every status update and nobody reads it; the transition time is
                // when the node became Ready, or when the agent's condition changed status.
                .map(c -> new NodeCondition(null, shared(c.getLastTransitionTime()), shared(c.getMessage()),
                        shared(c.getReason()), shared(c.getStatus()), shared(c.getType())))
                .toList();
    }

    /** The taints with shared strings; null stays null. */
    static List<Taint> taints(List<Taint> taints) {
        if (taints == null) {
            return null;
        }
        return taints.stream()
                .filter(Objects::nonNull)
                .map(t -> new Taint(shared(t.getEffect()), shared(t.getKey()), t.getTimeAdded(), shared(t.getValue())))
                .toList();
    }
}
