package io.cgroupguard.nodestate;

import io.fabric8.kubernetes.api.model.Node;

import java.util.Map;
import java.util.Optional;

/**
 * What the webhook knows of one node: the labeller's state label, a person's override, and the reason text.
 * It is all a decision needs, so the cache holds this and never a whole Node.
 *
 * @param name     the node's name
 * @param state    the {@code cgroup-guard.io/state} label, empty when absent or unknown
 * @param override the {@code cgroup-guard.io/override} label, empty when absent or unknown
 * @param reason   the {@code cgroup-guard.io/reason} annotation, empty when absent
 */
public record NodeState(String name, Optional<NodeRisk> state, Optional<NodeRisk> override, Optional<String> reason) {

    /** The state the webhook keeps of a fabric8 Node. */
    public static NodeState of(Node node) {
        return of(node.getMetadata().getName(), node.getMetadata().getLabels(), node.getMetadata().getAnnotations());
    }

    /** Reads a node's guard labels and annotations; null maps count as empty. */
    public static NodeState of(String name, Map<String, String> labels, Map<String, String> annotations) {
        Map<String, String> l = labels == null ? Map.of() : labels;
        Map<String, String> a = annotations == null ? Map.of() : annotations;
        return new NodeState(name,
                NodeRisk.fromLabel(l.get(GuardKeys.STATE)),
                NodeRisk.fromLabel(l.get(GuardKeys.OVERRIDE)),
                Optional.ofNullable(a.get(GuardKeys.REASON)).filter(r -> !r.isBlank()));
    }

    /**
     * The state decisions use. A person's override wins over the label, because the labeller may lag or be
     * absent (standalone mode) and an operator's word must take effect at once.
     */
    public NodeRisk effective() {
        return override.or(() -> state).orElse(NodeRisk.HEALTHY);
    }

    /** True when pods must not be placed here. */
    public boolean exhausted() {
        return effective() == NodeRisk.EXHAUSTED;
    }

    /**
     * Explanations beyond this many characters are cut where they are quoted: a denial or a pod Event must fit,
     * command included, in the 1 kB note of an events.k8s.io Event (the scheduler cuts longer FailedScheduling
     * messages, and the command to run comes last).
     */
    public static final int MAX_QUOTED_EXPLANATION = 300;

    /** Why the node is in its effective state, in words a person reading a denial can act on. */
    public String explanation() {
        if (override.isPresent()) {
            return "an operator set " + GuardKeys.OVERRIDE + "=" + override.get().label() + " on it";
        }
        return reason.orElse("it is labelled " + GuardKeys.STATE + "=" + effective().label());
    }

    /** {@link #explanation()} as a clause inside a longer sentence: no closing period, cut to a bounded length. */
    public String quotedExplanation() {
        String text = explanation();
        if (text.endsWith(".")) {
            text = text.substring(0, text.length() - 1);
        }
        return text.length() <= MAX_QUOTED_EXPLANATION ? text
                : text.substring(0, MAX_QUOTED_EXPLANATION - 3) + "...";
    }
}
