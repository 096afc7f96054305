package io.cgroupguard.probe;

import io.cgroupguard.nodestate.CgroupExhaustedCondition;
import io.cgroupguard.nodestate.NodeRisk;

/**
 * What a reading means: the node's risk, the condition reason that names why, and one sentence with the
 * numbers.
 *
 * @param risk            healthy, at-risk or exhausted
 * @param conditionReason one of {@link CgroupExhaustedCondition}
 * @param reason          for people, e.g. "65012 of 65535 memory cgroup ids in use (...)"
 */
public record CgroupVerdict(NodeRisk risk, String conditionReason, String reason) {
}
