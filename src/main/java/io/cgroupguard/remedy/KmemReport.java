package io.cgroupguard.remedy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the node agent (or {@code doctor}) read of kmem accounting: the one fact the node object lacks. */
public enum KmemReport {
    /** Kernel memory is charged to memory cgroups: something still switches it on. */
    ON,
    /** Nothing is charged: {@code cgroup.memory=nokmem} on the command line, as the agent detects it. */
    OFF,
    /** The agent looked and found no evidence either way (an old kernel with no kmem charge under kubepods). */
    UNKNOWN,
    /** No agent reading: no {@code CgroupExhausted} condition, or one whose message does not say. */
    NOT_REPORTED;

    /** The agent writes "...; kmem accounting on; kernel ..." into its condition message (CgroupAssessment). */
    private static final Pattern IN_MESSAGE = Pattern.compile("kmem accounting (on|off|unknown)\\b");

    /** Reads the kmem word of a {@code CgroupExhausted} condition message. */
    public static KmemReport fromConditionMessage(String message) {
        if (message == null) {
            return NOT_REPORTED;
        }
        Matcher m = IN_MESSAGE.matcher(message);
        if (!m.find()) {
            return NOT_REPORTED;
        }
        return switch (m.group(1)) {
            case "on" -> ON;
            case "off" -> OFF;
            default -> UNKNOWN;
        };
    }

    /** From a reading's tri-state ({@code KmemAccounting.enabled()}: true, false or null). */
    public static KmemReport of(Boolean enabled) {
        return enabled == null ? UNKNOWN : enabled ? ON : OFF;
    }
}
