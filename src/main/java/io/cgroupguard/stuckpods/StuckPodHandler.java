package io.cgroupguard.stuckpods;

import io.cgroupguard.nodestate.NodeState;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the stuck-pod sweep hands each stuck pod to, beyond the Event it records itself: remediation implements
 * it, so the sweep knows nothing of evictions and the arrow runs from remediation to this package only. Called
 * on the sweep's one thread.
 */
public interface StuckPodHandler extends AutoCloseable {

    /** No handler: remediation off. Moves nothing, acts on nothing. */
    StuckPodHandler NONE = new StuckPodHandler() {
        @Override
        public boolean willMove(PodFacts pod, Optional<Instant> nodeSince) {
            return false;
        }

        @Override
        public void act(PodFacts pod, NodeState node, Optional<Instant> nodeSince) {
        }

        @Override
        public void retain(List<PodFacts> stuck) {
        }

        @Override
        public void close() {
        }
    };

    /** Whether the handler will move this pod off its node, so the pod's Event says what will happen. */
    boolean willMove(PodFacts pod, Optional<Instant> nodeSince);

    /** Acts on one stuck pod; called at every sweep while the pod stays stuck. */
    void act(PodFacts pod, NodeState node, Optional<Instant> nodeSince) throws InterruptedException;

    /** The pods stuck at the end of a sweep; anything remembered of other pods may be forgotten. */
    void retain(List<PodFacts> stuck);

    @Override
    void close();
}
