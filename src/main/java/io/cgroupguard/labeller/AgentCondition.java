package io.cgroupguard.labeller;

import io.cgroupguard.nodestate.CgroupExhaustedCondition;
import io.fabric8.kubernetes.api.model.NodeCondition;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The node agent's {@code CgroupExhausted} condition, as the labeller reads it: which kind of evidence it is,
 * the agent's message, and when it last changed status.
 *
 * @param signal         what the condition says about the node
 * @param status         the condition's status as written ({@code True}, {@code False}, {@code Unknown})
 * @param reason         the condition's reason as written
 * @param message        the agent's message (counts and limit), empty string when absent
 * @param lastTransition when the status last changed, empty when absent or unparseable
 */
public record AgentCondition(Signal signal, String status, String reason, String message, Optional<Instant> lastTransition) {

    /** What a condition means for the decision. */
    public enum Signal {
        /** {@code True}, whatever its reason: a probe failed or ids are at the limit; exhausted at once. */
        EXHAUSTED,
        /** {@code False} with headroom: the only signal that lets an exhausted node recover. */
        HEADROOM,
        /** {@code False}, but close to the limit. */
        AT_RISK,
        /** {@code Unknown}, or {@code False} with a reason the labeller does not know: no information either way. */
        NONE
    }

    /** Reads the condition from a node's conditions; empty when the agent has not published one. */
    public static Optional<AgentCondition> from(List<NodeCondition> conditions) {
        if (conditions == null) {
            return Optional.empty();
        }
        return conditions.stream()
                .filter(c -> CgroupExhaustedCondition.TYPE.equals(c.getType()))
                .findFirst()
                .map(c -> of(c.getStatus(), c.getReason(), c.getMessage(), Times.parse(c.getLastTransitionTime())));
    }

    /** Classifies a condition's status and reason. */
    public static AgentCondition of(String status, String reason, String message, Optional<Instant> lastTransition) {
        String r = reason == null ? "" : reason;
        String s = status == null ? CgroupExhaustedCondition.UNKNOWN : status;
        Signal signal = switch (s) {
            // True is exhausted whatever the reason: another producer (node-problem-detector with a custom rule)
            // names its own reasons, and a True it wrote still means pods fail there.
            case CgroupExhaustedCondition.TRUE -> Signal.EXHAUSTED;
            // False is headroom only with the agent's own reason: the labeller clears an exhausted node on it, so a
            // False it cannot vouch for (NPD's MemoryCgroupsNotExhausted also covers a rule that failed) says nothing.
            case CgroupExhaustedCondition.FALSE -> switch (r) {
                case CgroupExhaustedCondition.AVAILABLE -> Signal.HEADROOM;
                case CgroupExhaustedCondition.AT_RISK -> Signal.AT_RISK;
                default -> Signal.NONE;
            };
            default -> Signal.NONE;
        };
        return new AgentCondition(signal, s, r, message == null ? "" : message.strip(), lastTransition);
    }

    /** The condition as a person would quote it: {@code CgroupExhausted=True (MemoryCgroupsExhausted: ...)}. */
    public String describe() {
        String detail = message.isEmpty() ? reason : reason + ": " + message;
        return CgroupExhaustedCondition.TYPE + "=" + status + (detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
