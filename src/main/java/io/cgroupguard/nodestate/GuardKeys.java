package io.cgroupguard.nodestate;

/**
 * The keys cgroup-guard reads and writes on Kubernetes objects: node and pod labels, node annotations and the
 * taint, in one place so a key's spelling lives nowhere else. The node condition's names are in
 * {@link CgroupExhaustedCondition}.
 */
public final class GuardKeys {

    public static final String PREFIX = "cgroup-guard.io/";

    /** Node label, written by the labeller only: the effective state, override applied. */
    public static final String STATE = PREFIX + "state";
    /** Node label, written by people only: {@code exhausted} blocks now, {@code healthy} ignores all evidence. */
    public static final String OVERRIDE = PREFIX + "override";
    /** Node annotation: one human sentence with the evidence and its numbers. */
    public static final String REASON = PREFIX + "reason";
    /** Node annotation: RFC 3339 time the current state began. */
    public static final String SINCE = PREFIX + "since";
    /** Node annotation: the node's bootID when it was flagged; a new bootID clears event evidence. */
    public static final String BOOT_ID = PREFIX + "boot-id";
    /**
     * Node annotation: RFC 3339 time the node agent forecasts its memory cgroup ids run out, while that is within
     * the agent's forecast horizon; absent otherwise.
     */
    public static final String EXHAUSTED_BY = PREFIX + "exhausted-by";
    /** Pod and namespace label that opts out of the guard. */
    public static final String EXEMPT = PREFIX + "exempt";
    /** Pod annotation that marks a pod whose affinity the guard has extended. */
    public static final String AFFINITY = PREFIX + "affinity";
    /** Value of {@link #AFFINITY}. */
    public static final String AFFINITY_INJECTED = "injected";
    /** Node taint key the labeller puts on exhausted nodes when configured to ({@code NoSchedule}). */
    public static final String TAINT = PREFIX + "exhausted";

    private GuardKeys() {
    }
}
