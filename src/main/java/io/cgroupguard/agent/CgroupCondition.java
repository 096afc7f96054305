package io.cgroupguard.agent;

import io.cgroupguard.probe.CgroupVerdict;
import io.cgroupguard.nodestate.CgroupExhaustedCondition;

/**
 * The {@code CgroupExhausted} node condition the agent publishes, without its timestamps.
 *
 * @param status  {@code True}, {@code False} or {@code Unknown}
 * @param reason  one of {@link CgroupExhaustedCondition}
 * @param message one sentence with the numbers
 */
public record CgroupCondition(String status, String reason, String message) {

    public static final String TRUE = "True";
    public static final String FALSE = "False";
    public static final String UNKNOWN = "Unknown";

    /** True only for exhausted: at-risk and healthy both leave pods schedulable, with the reason telling which. */
    public static CgroupCondition of(CgroupVerdict verdict) {
        String status = switch (verdict.risk()) {
            case EXHAUSTED -> CgroupExhaustedCondition.TRUE;
            case AT_RISK, HEALTHY -> CgroupExhaustedCondition.FALSE;
        };
        return new CgroupCondition(status, verdict.conditionReason(), verdict.reason());
    }

    /** A failed read: Unknown, never False, so a broken agent cannot make an exhausted node look healthy. */
    public static CgroupCondition unreadable(String why) {
        return new CgroupCondition(CgroupExhaustedCondition.UNKNOWN, CgroupExhaustedCondition.READ_FAILED, "cannot read cgroup state: " + why);
    }

    /** Whether this differs from {@code other} in what a reader acts on: status or reason, not the numbers. */
    public boolean changedFrom(CgroupCondition other) {
        return !status.equals(other.status) || !reason.equals(other.reason);
    }
}
