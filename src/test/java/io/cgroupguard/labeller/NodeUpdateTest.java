package io.cgroupguard.labeller;

import io.cgroupguard.nodestate.GuardKeys;
import io.cgroupguard.nodestate.NodeRisk;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeUpdateTest {

    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    static NodeFacts node(Optional<String> label, Optional<String> bootIdAnnotation, boolean tainted) {
        return new NodeFacts("worker-1", "uid-1", "boot-1", "5.15.0", label, Optional.empty(),
                label.map(l -> NOW.minusSeconds(3600)), label.map(l -> "old reason"), bootIdAnnotation,
                Optional.empty(), Optional.empty(), tainted, Optional.empty());
    }

    static Decision decision(NodeRisk state, boolean changed, Optional<String> bootId) {
        return new Decision("worker-1", state, state, Optional.empty(), "the reason", changed ? Optional.of(NOW)
                : Optional.of(NOW.minusSeconds(3600)), bootId, changed, Optional.empty());
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> section(NodeUpdate update, String name) {
        Map<String, Object> metadata = (Map<String, Object>) update.mergePatch().orElseThrow().get("metadata");
        return (Map<String, Object>) metadata.getOrDefault(name, Map.of());
    }

    @Test
    void flaggingPatchesLabelReasonSinceAndBootIdOnly() {
        NodeUpdate update = NodeUpdate.plan(node(Optional.empty(), Optional.empty(), false),
                decision(NodeRisk.EXHAUSTED, true, Optional.of("boot-1")), false).orElseThrow();
        assertEquals(Map.of(GuardKeys.STATE, "exhausted"), section(update, "labels"));
        assertEquals(Map.of(GuardKeys.REASON, "the reason", GuardKeys.SINCE, "2026-11-26T12:00:00Z",
                GuardKeys.BOOT_ID, "boot-1"), section(update, "annotations"));
        assertEquals(Optional.of(new NodeUpdate.StateEvent("CgroupExhausted", "Warning", "the reason")),
                update.event());
        assertTrue(update.taint().isEmpty());
    }

    @Test
    void neverTouchesTheOverrideLabel() {
        NodeUpdate update = NodeUpdate.plan(node(Optional.of("exhausted"), Optional.of("boot-1"), false),
                decision(NodeRisk.HEALTHY, true, Optional.empty()), false).orElseThrow();
        assertFalse(section(update, "labels").containsKey(GuardKeys.OVERRIDE));
        assertFalse(section(update, "annotations").containsKey(GuardKeys.OVERRIDE));
    }

    @Test
    void recoveryRemovesTheBootIdAndAnnouncesIt() {
        NodeUpdate update = NodeUpdate.plan(node(Optional.of("exhausted"), Optional.of("boot-1"), false),
                decision(NodeRisk.HEALTHY, true, Optional.empty()), false).orElseThrow();
        Map<String, Object> expected = new HashMap<>();
        expected.put(GuardKeys.REASON, "the reason");
        expected.put(GuardKeys.SINCE, "2026-11-26T12:00:00Z");
        expected.put(GuardKeys.BOOT_ID, null);
        assertEquals(expected, section(update, "annotations"));
        assertEquals("CgroupRecovered", update.event().orElseThrow().reason());
        assertEquals("Normal", update.event().orElseThrow().type());
    }

    @Test
    void writesNothingWhenTheNodeAlreadyCarriesTheDecision() {
        assertTrue(NodeUpdate.plan(node(Optional.of("exhausted"), Optional.of("boot-1"), false),
                decision(NodeRisk.EXHAUSTED, false, Optional.of("boot-1")), false).isEmpty());
        assertTrue(NodeUpdate.plan(node(Optional.empty(), Optional.empty(), false),
                decision(NodeRisk.HEALTHY, false, Optional.empty()), false).isEmpty());
    }

    @Test
    void taintsOnlyWhenConfiguredAndRemovesItOtherwise() {
        NodeFacts flagged = node(Optional.of("exhausted"), Optional.of("boot-1"), false);
        Decision exhausted = decision(NodeRisk.EXHAUSTED, false, Optional.of("boot-1"));
        assertEquals(Optional.of(true), NodeUpdate.plan(flagged, exhausted, true).orElseThrow().taint());
        assertTrue(NodeUpdate.plan(flagged, exhausted, false).isEmpty());
        NodeFacts tainted = node(Optional.of("exhausted"), Optional.of("boot-1"), true);
        assertEquals(Optional.of(false), NodeUpdate.plan(tainted, decision(NodeRisk.HEALTHY, true, Optional.empty()),
                true).orElseThrow().taint());
        assertTrue(NodeUpdate.plan(flagged, exhausted, false).flatMap(NodeUpdate::event).isEmpty());
    }

    @Test
    void explainsAnOverrideThatLeavesTheStateAsItWas() {
        Decision overridden = new Decision("worker-1", NodeRisk.HEALTHY, NodeRisk.EXHAUSTED,
                Optional.of(NodeRisk.HEALTHY), LabelDecider.overridden(NodeRisk.HEALTHY, NodeRisk.EXHAUSTED) + ": 5 failures",
                Optional.empty(), Optional.of("boot-1"), false, Optional.empty());
        NodeUpdate update = NodeUpdate.plan(node(Optional.empty(), Optional.empty(), false), overridden, false)
                .orElseThrow();
        assertEquals(overridden.reason(), section(update, "annotations").get(GuardKeys.REASON));
        assertEquals("boot-1", section(update, "annotations").get(GuardKeys.BOOT_ID));
        assertTrue(update.event().isEmpty());

        NodeFacts explained = new NodeFacts("worker-1", "uid-1", "boot-1", "5.15.0", Optional.empty(),
                Optional.of(NodeRisk.HEALTHY), Optional.empty(), Optional.of(overridden.reason()), Optional.of("boot-1"),
                Optional.empty(), Optional.empty(), false, Optional.empty());
        assertTrue(NodeUpdate.plan(explained, overridden, false).isEmpty());

        Decision evidenceGone = new Decision("worker-1", NodeRisk.HEALTHY, NodeRisk.HEALTHY,
                Optional.of(NodeRisk.HEALTHY), LabelDecider.overridden(NodeRisk.HEALTHY, NodeRisk.HEALTHY) + ": none",
                Optional.empty(), Optional.of("boot-1"), false, Optional.empty());
        assertEquals(evidenceGone.reason(), section(NodeUpdate.plan(explained, evidenceGone, false).orElseThrow(),
                "annotations").get(GuardKeys.REASON));
    }

    @Test
    void explainsAFlaggedNodeThatLacksAReason() {
        NodeFacts bare = new NodeFacts("worker-1", "uid-1", "boot-1", "5.15.0", Optional.of("at-risk"),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), false, Optional.empty());
        NodeUpdate update = NodeUpdate.plan(bare, decision(NodeRisk.AT_RISK, false, Optional.empty()), false)
                .orElseThrow();
        assertEquals("the reason", section(update, "annotations").get(GuardKeys.REASON));
        assertTrue(update.event().isEmpty());
    }

    @Test
    void writesTheForecastAndRemovesItWhenItGoesAway() {
        Instant runsOut = Instant.parse("2026-11-27T03:30:00.250Z");
        Decision forecast = new Decision("worker-1", NodeRisk.AT_RISK, NodeRisk.AT_RISK, Optional.empty(),
                "the reason", Optional.of(NOW), Optional.empty(), false, Optional.of(runsOut));
        NodeFacts atRisk = new NodeFacts("worker-1", "uid-1", "boot-1", "5.15.0", Optional.of("at-risk"),
                Optional.empty(), Optional.of(NOW), Optional.of("the reason"), Optional.empty(), Optional.empty(),
                Optional.empty(), false, Optional.empty());
        assertEquals("2026-11-27T03:30:00Z", section(NodeUpdate.plan(atRisk, forecast, false).orElseThrow(),
                "annotations").get(GuardKeys.EXHAUSTED_BY));

        NodeFacts annotated = new NodeFacts("worker-1", "uid-1", "boot-1", "5.15.0", Optional.of("at-risk"),
                Optional.empty(), Optional.of(NOW), Optional.of("the reason"), Optional.empty(), Optional.empty(),
                Optional.empty(), false, Optional.of("2026-11-27T03:30:00Z"));
        assertTrue(NodeUpdate.plan(annotated, forecast, false).isEmpty());

        Decision gone = new Decision("worker-1", NodeRisk.AT_RISK, NodeRisk.AT_RISK, Optional.empty(),
                "the reason", Optional.of(NOW), Optional.empty(), false, Optional.empty());
        Map<String, Object> annotations = section(NodeUpdate.plan(annotated, gone, false).orElseThrow(),
                "annotations");
        assertTrue(annotations.containsKey(GuardKeys.EXHAUSTED_BY));
        assertEquals(null, annotations.get(GuardKeys.EXHAUSTED_BY));
    }
}
