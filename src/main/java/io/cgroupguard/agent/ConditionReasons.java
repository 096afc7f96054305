package io.cgroupguard.agent;

/**
 * The reasons of the {@code CgroupExhausted} node condition, in one place: the labeller reads these strings.
 * Status True means pods will fail here; False carries whether there is headroom; Unknown means no reading.
 */
public final class ConditionReasons {

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

    private ConditionReasons() {
    }
}
