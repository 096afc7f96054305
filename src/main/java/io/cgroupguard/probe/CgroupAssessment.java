package io.cgroupguard.probe;

import io.cgroupguard.nodestate.CgroupExhaustedCondition;
import io.cgroupguard.nodestate.NodeRisk;

/**
 * Judges a reading: a pure function from {@link CgroupReading} to {@link CgroupVerdict}.
 *
 * <ul>
 *   <li>exhausted: the probe's mkdir failed with ENOSPC, or the ids in use are within 1% of the limit;</li>
 *   <li>at-risk: over 80% of the ids in use, or a kernel before 4.3 with kmem accounting on: such kernels keep
 *       a removed memcg, and its id, for as long as slab objects are charged to it (docs/design.md,
 *       "The problem");</li>
 *   <li>healthy otherwise.</li>
 * </ul>
 */
public final class CgroupAssessment {

    /** Exhausted at 99% of the limit: kubelet makes several cgroups per pod, so the last 1% goes in minutes. */
    static final int EXHAUSTED_PERCENT = 99;
    static final int AT_RISK_PERCENT = 80;

    private CgroupAssessment() {
    }

    public static CgroupVerdict assess(CgroupReading reading) {
        MemoryCgroups m = reading.memoryCgroups();
        String numbers = numbers(reading);
        if (reading.probe().result() == ProbeOutcome.Result.NO_SPACE) {
            return new CgroupVerdict(NodeRisk.EXHAUSTED, CgroupExhaustedCondition.CREATE_FAILED,
                    "making a memory cgroup failed with ENOSPC; " + numbers);
        }
        if (m.used() * 100 >= m.limit() * EXHAUSTED_PERCENT) {
            return new CgroupVerdict(NodeRisk.EXHAUSTED, CgroupExhaustedCondition.EXHAUSTED, numbers);
        }
        if (m.used() * 100 > m.limit() * AT_RISK_PERCENT) {
            return new CgroupVerdict(NodeRisk.AT_RISK, CgroupExhaustedCondition.AT_RISK, numbers);
        }
        if (leaks(reading)) {
            return new CgroupVerdict(NodeRisk.AT_RISK, CgroupExhaustedCondition.AT_RISK,
                    numbers + " (before 4.3, which leaks memory cgroups while kmem accounting is on)");
        }
        return new CgroupVerdict(NodeRisk.HEALTHY, CgroupExhaustedCondition.AVAILABLE, numbers);
    }

    /** A kernel before 4.3 with kmem accounting on: every removed pod may leave a memcg behind for good. */
    public static boolean leaks(CgroupReading reading) {
        return reading.kernel().leaksMemoryCgroupIds() && reading.kmem().isOn();
    }

    /** "65012 of 65535 memory cgroup ids in use (1200 live, 63812 dying); kmem accounting on; kernel 3.10.0-..." */
    static String numbers(CgroupReading reading) {
        MemoryCgroups m = reading.memoryCgroups();
        return m.used() + " of " + m.limit() + " memory cgroup ids in use (" + m.live() + " live, " + m.dying()
                + " dying); kmem accounting " + reading.kmem().word() + "; kernel " + reading.kernel().release();
    }
}
