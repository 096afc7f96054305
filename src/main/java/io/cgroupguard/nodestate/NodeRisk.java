package io.cgroupguard.nodestate;

import java.util.Optional;

/**
 * How likely a node is to fail pod cgroup creation, as the values of the {@code cgroup-guard.io/state} label.
 */
public enum NodeRisk {
    HEALTHY("healthy"),
    AT_RISK("at-risk"),
    EXHAUSTED("exhausted");

    private final String label;

    NodeRisk(String label) {
        this.label = label;
    }

    /** The label value, as written on nodes and printed in reports. */
    public String label() {
        return label;
    }

    /** The risk a label value names; empty for a missing or unknown value, which the guard treats as no evidence. */
    public static Optional<NodeRisk> fromLabel(String value) {
        if (value == null) {
            return Optional.empty();
        }
        for (NodeRisk risk : values()) {
            if (risk.label.equals(value)) {
                return Optional.of(risk);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return label;
    }
}
