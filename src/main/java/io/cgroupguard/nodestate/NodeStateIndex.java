package io.cgroupguard.nodestate;

import java.util.Optional;

/**
 * Read side of the node cache: what the admission path asks. Lookups are map reads, never API calls.
 */
public interface NodeStateIndex {

    /** The node's state, or empty for a node the guard has not seen (which is allowed: no evidence). */
    Optional<NodeState> get(String nodeName);

    /** How many nodes are effectively exhausted now. */
    int exhaustedCount();

    /** True once the first full load has completed; readiness waits for it. */
    boolean synced();
}
