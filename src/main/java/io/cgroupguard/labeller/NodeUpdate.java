package io.cgroupguard.labeller;

import io.cgroupguard.nodestate.GuardKeys;
import io.cgroupguard.nodestate.NodeRisk;

import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The writes one decision needs on one node, worked out before any I/O: a JSON merge patch of the state label
 * and the reason, since, boot-id and exhausted-by annotations (nothing else, never the override label), the taint, and the
 * Event that announces a state change. Empty when the node already carries what the decision says.
 *
 * @param node       the node's name
 * @param nodeUid    the node's uid, for the Event's involvedObject
 * @param mergePatch the merge patch body ({@code metadata.labels} / {@code metadata.annotations}); a null value
 *                   removes a key; empty when labels and annotations are right already
 * @param taint      the taint to put on (true) or take off (false); empty when it is right already
 * @param event      the Event to record on the node; empty when the state did not change
 */
public record NodeUpdate(String node, String nodeUid, Optional<Map<String, Object>> mergePatch,
                         Optional<Boolean> taint, Optional<StateEvent> event) {

    /**
     * A Kubernetes Event about a node's state change.
     *
     * @param reason  {@code CgroupExhausted}, {@code CgroupAtRisk} or {@code CgroupRecovered}
     * @param type    {@code Warning} or {@code Normal}
     * @param message the decision's reason sentence
     */
    public record StateEvent(String reason, String type, String message) {
    }

    /** Plans the writes; {@code taintEnabled} says whether exhausted nodes carry the NoSchedule taint. */
    public static Optional<NodeUpdate> plan(NodeFacts facts, Decision decision, boolean taintEnabled) {
        Map<String, Object> labels = new LinkedHashMap<>();
        Map<String, Object> annotations = new LinkedHashMap<>();
        if (decision.changed()) {
            labels.put(GuardKeys.STATE, decision.state().label());
        }
        boolean unexplained = decision.state() != NodeRisk.HEALTHY
                && (facts.reason().isEmpty() || facts.since().isEmpty());
        if (decision.changed() || unexplained || overrideUnexplained(facts, decision)) {
            annotations.put(GuardKeys.REASON, decision.reason());
            decision.since().ifPresent(s -> annotations.put(GuardKeys.SINCE,
                    DateTimeFormatter.ISO_INSTANT.format(s.truncatedTo(ChronoUnit.SECONDS))));
        }
        if (!Objects.equals(facts.flaggedBootId(), decision.flaggedBootId())) {
            annotations.put(GuardKeys.BOOT_ID, decision.flaggedBootId().orElse(null));
        }
        Optional<String> exhaustedBy = decision.exhaustedBy()
                .map(t -> DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS)));
        if (!facts.exhaustedBy().equals(exhaustedBy)) {
            annotations.put(GuardKeys.EXHAUSTED_BY, exhaustedBy.orElse(null));
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        if (!labels.isEmpty()) {
            metadata.put("labels", labels);
        }
        if (!annotations.isEmpty()) {
            metadata.put("annotations", annotations);
        }
        Optional<Map<String, Object>> patch = metadata.isEmpty() ? Optional.empty()
                : Optional.of(Map.of("metadata", metadata));

        boolean wantTaint = taintEnabled && decision.state() == NodeRisk.EXHAUSTED;
        Optional<Boolean> taint = wantTaint == facts.tainted() ? Optional.empty() : Optional.of(wantTaint);

        Optional<StateEvent> event = decision.changed() ? Optional.of(eventFor(decision)) : Optional.empty();
        if (patch.isEmpty() && taint.isEmpty() && event.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new NodeUpdate(facts.name(), facts.uid(), patch, taint, event));
    }

    /**
     * True when the reason on the node does not say what the override and the evidence beneath it are: an
     * override was set or removed, or the evidence under an override changed, without changing the state. Only
     * then is the reason rewritten without a state change, so its numbers do not cause a write per new event.
     */
    private static boolean overrideUnexplained(NodeFacts facts, Decision decision) {
        String onNode = facts.reason().orElse("");
        return decision.override()
                .map(o -> !onNode.startsWith(LabelDecider.overridden(o, decision.evidenceState()) + ":"))
                .orElse(onNode.startsWith(LabelDecider.OVERRIDDEN));
    }

    private static StateEvent eventFor(Decision decision) {
        return switch (decision.state()) {
            case EXHAUSTED -> new StateEvent("CgroupExhausted", "Warning", decision.reason());
            case AT_RISK -> new StateEvent("CgroupAtRisk", "Warning", decision.reason());
            case HEALTHY -> new StateEvent("CgroupRecovered", "Normal", decision.reason());
        };
    }
}
