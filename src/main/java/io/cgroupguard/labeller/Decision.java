package io.cgroupguard.labeller;

import io.cgroupguard.nodestate.NodeRisk;

import java.time.Instant;
import java.util.Optional;

/**
 * What the labeller decided for one node: the effective state (override applied), the state the evidence alone
 * supports, one sentence saying why, and the annotations that go with it.
 *
 * @param node          the node's name
 * @param state         the effective state, the value of the {@code cgroup-guard.io/state} label
 * @param evidenceState what the evidence says, override ignored
 * @param override      a person's override, when set
 * @param reason        one human sentence with the evidence and its numbers
 * @param since         when the effective state began: now on a change, else the node's {@code since}
 * @param flaggedBootId the {@code cgroup-guard.io/boot-id} the node should carry; empty means none
 * @param changed       true when the effective state differs from the node's current label
 * @param exhaustedBy   when the agent forecasts the ids run out, while that makes the node at-risk; empty otherwise
 */
public record Decision(String node, NodeRisk state, NodeRisk evidenceState, Optional<NodeRisk> override,
                       String reason, Optional<Instant> since, Optional<String> flaggedBootId, boolean changed,
                       Optional<Instant> exhaustedBy) {
}
