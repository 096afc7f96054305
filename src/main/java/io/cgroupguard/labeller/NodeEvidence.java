package io.cgroupguard.labeller;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The kubelet evidence held for one node at one moment: a snapshot a decision can read without locks.
 *
 * @param occurrences the node's cgroup-failure events
 * @param bootSeenAt  when the labeller saw the node's bootID change; evidence from before it is void
 */
public record NodeEvidence(List<Occurrence> occurrences, Optional<Instant> bootSeenAt) {

    public static final NodeEvidence NONE = new NodeEvidence(List.of(), Optional.empty());
}
