package io.cgroupguard.nodestate;

/**
 * The {@code CgroupExhausted} node condition's contract in one place: its type name, statuses and the reasons
 * the agent writes and the labeller and {@code doctor} read (as node-problem-detector keeps one Condition type
 * for its producers and consumers). Status True means pods will fail here; False carries whether there is
 * headroom; Unknown means no reading.
 */
public final class CgroupExhaustedCondition {

    /** The node condition type the agent (or node-problem-detector with our plugin) publishes. */
    public static final String TYPE = "CgroupExhausted";

    public static final String TRUE = "True";
    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";

    /** True: memory cgroup ids in use are within 1% of the limit. */
    public static final String EXHAUSTED = "MemoryCgroupsExhausted";
    /** True: the probe's mkdir of a memory cgroup failed with ENOSPC. */
    public static final String CREATE_FAILED = "CgroupCreateFailed";
    /** False: healthy, with headroom; what the labeller waits for before it clears a node. */
    public static final String AVAILABLE = "MemoryCgroupsAvailable";
    /** False: over 80% of the ids in use, or a kernel before 4.3 that leaks memcgs with kmem accounting on. */
    public static final String AT_RISK = "MemoryCgroupsAtRisk";
    /** Unknown: the agent could not read the node's cgroup state. Never reported as False. */
    public static final String READ_FAILED = "CgroupReadFailed";

    private CgroupExhaustedCondition() {
    }
}
