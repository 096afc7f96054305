package io.cgroupguard.labeller;

import java.time.Instant;

/**
 * One kubelet event that reports failed cgroup creations on a node, reduced to what a decision counts.
 *
 * @param count    how many times kubelet saw the failure ({@code x70 over 15m} is 70)
 * @param lastSeen when it last happened
 * @param failure  the failing operation, as {@link CgroupFailureClassifier#failure} phrases it
 */
public record Occurrence(int count, Instant lastSeen, String failure) {
}
