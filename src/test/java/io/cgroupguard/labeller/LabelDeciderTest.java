package io.cgroupguard.labeller;

import io.cgroupguard.nodestate.CgroupExhaustedCondition;
import io.cgroupguard.nodestate.NodeRisk;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static io.cgroupguard.nodestate.NodeRisk.AT_RISK;
import static io.cgroupguard.nodestate.NodeRisk.EXHAUSTED;
import static io.cgroupguard.nodestate.NodeRisk.HEALTHY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LabelDeciderTest {

    static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    static final String BOOT = "boot-1";
    static final String MKDIR = "mkdir /sys/fs/cgroup/memory/kubepods/pod1: no space left on device";

    /** A node as the table describes it; every field has a quiet default. */
    record Node(String kernel, String bootId, Optional<String> label, Optional<NodeRisk> override,
                Optional<String> flaggedBootId, Optional<AgentCondition> agent, Optional<Instant> readySince) {

        static Node quiet() {
            return new Node("5.15.0-91-generic", BOOT, Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty());
        }

        Node kernel(String k) {
            return new Node(k, bootId, label, override, flaggedBootId, agent, readySince);
        }

        Node bootId(String b) {
            return new Node(kernel, b, label, override, flaggedBootId, agent, readySince);
        }

        Node label(NodeRisk r) {
            return new Node(kernel, bootId, Optional.of(r.label()), override, flaggedBootId, agent, readySince);
        }

        Node override(NodeRisk r) {
            return new Node(kernel, bootId, label, Optional.of(r), flaggedBootId, agent, readySince);
        }

        /** Labelled exhausted by evidence under {@code boot}. */
        Node flagged(String boot) {
            return new Node(kernel, bootId, Optional.of("exhausted"), override, Optional.of(boot), agent, readySince);
        }

        Node agent(String status, String reason, Duration ago) {
            return agent(status, reason, "1234 of 65535 ids", ago);
        }

        Node agent(String status, String reason, String message, Duration ago) {
            return new Node(kernel, bootId, label, override, flaggedBootId,
                    Optional.of(AgentCondition.of(status, reason, message, Optional.of(NOW.minus(ago)))), readySince);
        }

        Node readyAgo(Duration ago) {
            return new Node(kernel, bootId, label, override, flaggedBootId, agent, Optional.of(NOW.minus(ago)));
        }

        NodeFacts facts() {
            return new NodeFacts("worker-1", "uid-1", bootId, kernel, label, override,
                    Optional.of(NOW.minus(Duration.ofHours(2))), Optional.of("earlier reason"), flaggedBootId, agent,
                    readySince, false, Optional.empty());
        }
    }

    static Occurrence seen(int count, Duration ago) {
        return new Occurrence(count, NOW.minus(ago), MKDIR);
    }

    static NodeEvidence events(Occurrence... occurrences) {
        return new NodeEvidence(List.of(occurrences), Optional.empty());
    }

    static Arguments row(String name, Node node, NodeEvidence evidence, NodeRisk state, NodeRisk evidenceState,
                         Optional<String> bootId, String reasonSays) {
        return Arguments.of(Named.of(name, node), evidence, state, evidenceState, bootId, reasonSays);
    }

    static Stream<Arguments> table() {
        Duration m = Duration.ofMinutes(1);
        Optional<String> none = Optional.empty();
        Optional<String> boot1 = Optional.of(BOOT);
        return Stream.of(
                row("healthy without evidence", Node.quiet(), NodeEvidence.NONE, HEALTHY, HEALTHY, none,
                        "no evidence"),
                row("exhausted at the threshold within the window", Node.quiet(),
                        events(seen(1, m), seen(1, m.multipliedBy(4)), seen(1, m.multipliedBy(9))),
                        EXHAUSTED, EXHAUSTED, boot1, "kubelet reported 3 failed cgroup creations in the last 10m"),
                row("healthy under the threshold, and says how close", Node.quiet(),
                        events(seen(1, m), seen(1, m.multipliedBy(2))), HEALTHY, HEALTHY, none,
                        "under the threshold of 3"),
                row("an aggregated event counts by its count", Node.quiet(), events(seen(70, m)),
                        EXHAUSTED, EXHAUSTED, boot1, "70 failed cgroup creations"),
                row("events older than the window do not count", Node.quiet(), events(seen(50, m.multipliedBy(11))),
                        HEALTHY, HEALTHY, none, "no evidence"),
                row("agent True makes it exhausted at once",
                        Node.quiet().agent("True", CgroupExhaustedCondition.EXHAUSTED, m), NodeEvidence.NONE,
                        EXHAUSTED, EXHAUSTED, boot1, "CgroupExhausted=True (MemoryCgroupsExhausted"),
                row("agent's failed probe makes it exhausted at once",
                        Node.quiet().agent("True", CgroupExhaustedCondition.CREATE_FAILED, m), NodeEvidence.NONE,
                        EXHAUSTED, EXHAUSTED, boot1, "CgroupCreateFailed"),
                row("a True with a custom NPD reason makes it exhausted, quoting the condition",
                        Node.quiet().agent("True", "MemcgIdsExhausted", m), NodeEvidence.NONE,
                        EXHAUSTED, EXHAUSTED, boot1, "CgroupExhausted=True (MemcgIdsExhausted: 1234 of 65535 ids)"),
                row("flagged stays exhausted past the quiet period when NPD reports not exhausted",
                        Node.quiet().flagged(BOOT).agent("False", "MemoryCgroupsNotExhausted", Duration.ofHours(3)),
                        NodeEvidence.NONE, EXHAUSTED, EXHAUSTED, boot1, "not cleared until the node agent reports"),
                row("a new bootID clears a node flagged while NPD reports not exhausted",
                        Node.quiet().bootId("boot-2").flagged(BOOT).readyAgo(m.multipliedBy(3))
                                .agent("False", "MemoryCgroupsNotExhausted", m.multipliedBy(2)),
                        NodeEvidence.NONE, HEALTHY, HEALTHY, boot1, "rebooted since it was flagged"),
                row("agent Unknown is no information",
                        Node.quiet().agent("Unknown", CgroupExhaustedCondition.READ_FAILED, m), NodeEvidence.NONE,
                        HEALTHY, HEALTHY, none, "no evidence"),
                row("agent at risk makes a quiet node at-risk",
                        Node.quiet().agent("False", CgroupExhaustedCondition.AT_RISK, m), NodeEvidence.NONE,
                        AT_RISK, AT_RISK, none, "MemoryCgroupsAtRisk"),
                row("a leaking kernel makes a quiet node at-risk", Node.quiet().kernel("3.10.0-1160.el7.x86_64"),
                        NodeEvidence.NONE, AT_RISK, AT_RISK, none, "kernel 3.10.0-1160.el7.x86_64 is older than 4.3"),
                row("a leaking kernel with evidence is exhausted, not at-risk",
                        Node.quiet().kernel("3.10.0-1160.el7.x86_64"), events(seen(5, m)),
                        EXHAUSTED, EXHAUSTED, boot1, "5 failed cgroup creations"),
                row("a leaking kernel whose agent reads kmem accounting off is healthy",
                        Node.quiet().kernel("3.10.0-1160.el7.x86_64").agent("False", CgroupExhaustedCondition.AVAILABLE,
                                "1200 of 65535 memory cgroup ids in use (1100 live, 100 dying); kmem accounting off; "
                                        + "kernel 3.10.0-1160.el7.x86_64", m),
                        NodeEvidence.NONE, HEALTHY, HEALTHY, none, "the node agent reads it off"),
                row("a leaking kernel whose agent cannot tell kmem accounting stays at-risk",
                        Node.quiet().kernel("3.10.0-1160.el7.x86_64").agent("False", CgroupExhaustedCondition.AVAILABLE,
                                "1200 of 65535 memory cgroup ids in use (1100 live, 100 dying); kmem accounting "
                                        + "unknown; kernel 3.10.0-1160.el7.x86_64", m),
                        NodeEvidence.NONE, AT_RISK, AT_RISK, none, "is older than 4.3"),
                row("4.4 is not a leaking kernel", Node.quiet().kernel("4.4.0-210-generic"), NodeEvidence.NONE,
                        HEALTHY, HEALTHY, none, "no evidence"),
                row("flagged stays exhausted in silence without the agent", Node.quiet().flagged(BOOT),
                        NodeEvidence.NONE, EXHAUSTED, EXHAUSTED, boot1, "not cleared until the node agent reports"),
                row("flagged stays exhausted while the agent reports no headroom",
                        Node.quiet().flagged(BOOT).agent("Unknown", CgroupExhaustedCondition.READ_FAILED, Duration.ofHours(5)),
                        NodeEvidence.NONE, EXHAUSTED, EXHAUSTED, boot1, "CgroupExhausted=Unknown"),
                row("flagged stays exhausted when headroom is younger than the quiet period",
                        Node.quiet().flagged(BOOT).agent("False", CgroupExhaustedCondition.AVAILABLE, m.multipliedBy(20)),
                        NodeEvidence.NONE, EXHAUSTED, EXHAUSTED, boot1, "less than the quiet period of 30m"),
                row("flagged stays exhausted when an event came within the quiet period",
                        Node.quiet().flagged(BOOT).agent("False", CgroupExhaustedCondition.AVAILABLE, Duration.ofHours(3)),
                        events(seen(1, m.multipliedBy(25))), EXHAUSTED, EXHAUSTED, boot1, "the last evidence was at"),
                row("flagged recovers with headroom after the quiet period",
                        Node.quiet().flagged(BOOT).agent("False", CgroupExhaustedCondition.AVAILABLE, m.multipliedBy(31)),
                        events(seen(40, m.multipliedBy(45))), HEALTHY, HEALTHY, none, "recovered"),
                row("flagged recovers to at-risk on a leaking kernel",
                        Node.quiet().kernel("3.10.0-957.el7.x86_64").flagged(BOOT)
                                .agent("False", CgroupExhaustedCondition.AVAILABLE, Duration.ofHours(1)),
                        NodeEvidence.NONE, AT_RISK, AT_RISK, none, "recovered"),
                row("a reboot voids the evidence from before it",
                        Node.quiet().bootId("boot-2").flagged(BOOT).readyAgo(m.multipliedBy(3)),
                        events(seen(70, m.multipliedBy(5))), HEALTHY, HEALTHY, boot1, "rebooted since it was flagged"),
                row("evidence after a reboot flags the new boot",
                        Node.quiet().bootId("boot-2").flagged(BOOT).readyAgo(m.multipliedBy(8)),
                        events(seen(70, m.multipliedBy(9)), seen(3, m)), EXHAUSTED, EXHAUSTED, Optional.of("boot-2"),
                        "3 failed cgroup creations"),
                row("override healthy wins over evidence, which is still remembered",
                        Node.quiet().override(HEALTHY), events(seen(9, m)), HEALTHY, EXHAUSTED, boot1,
                        "an operator set cgroup-guard.io/override=healthy; the evidence alone says exhausted"),
                row("override exhausted blocks a healthy node", Node.quiet().override(EXHAUSTED), NodeEvidence.NONE,
                        EXHAUSTED, HEALTHY, none, "an operator set cgroup-guard.io/override=exhausted"),
                row("removing an override returns to the evidence",
                        Node.quiet().label(EXHAUSTED), NodeEvidence.NONE, HEALTHY, HEALTHY, none, "no evidence"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void decides(Node node, NodeEvidence evidence, NodeRisk state, NodeRisk evidenceState, Optional<String> bootId,
                 String reasonSays) {
        Decision d = new LabelDecider(LabellerSettings.defaults()).decide(node.facts(), evidence, NOW);
        assertEquals(state, d.state(), d.reason());
        assertEquals(evidenceState, d.evidenceState(), d.reason());
        assertEquals(bootId, d.flaggedBootId(), d.reason());
        assertTrue(d.reason().contains(reasonSays), () -> "reason: " + d.reason());
    }

    @Test
    void changeStartsANewSinceAndKeepsItOtherwise() {
        LabelDecider decision = new LabelDecider(LabellerSettings.defaults());
        NodeFacts unlabelled = Node.quiet().facts();
        Decision flagged = decision.decide(unlabelled, events(seen(5, Duration.ofMinutes(1))), NOW);
        assertTrue(flagged.changed());
        assertEquals(Optional.of(NOW), flagged.since());

        NodeFacts labelled = Node.quiet().flagged(BOOT).facts();
        Decision unchanged = decision.decide(labelled, events(seen(5, Duration.ofMinutes(1))), NOW);
        assertFalse(unchanged.changed());
        assertEquals(labelled.since(), unchanged.since());
    }

    @Test
    void aHealthyNodeWithoutALabelIsNotAChange() {
        Decision d = new LabelDecider(LabellerSettings.defaults()).decide(Node.quiet().facts(), NodeEvidence.NONE, NOW);
        assertFalse(d.changed());
    }

    @Test
    void honoursAConfiguredThresholdAndWindow() {
        LabelDecider strict = new LabelDecider(new LabellerSettings(1, Duration.ofMinutes(2), Duration.ZERO));
        assertEquals(EXHAUSTED, strict.decide(Node.quiet().facts(), events(seen(1, Duration.ofMinutes(1))), NOW)
                .state());
        assertEquals(HEALTHY, strict.decide(Node.quiet().facts(), events(seen(1, Duration.ofMinutes(3))), NOW)
                .state());
    }

    @Test
    void voidsEvidenceFromBeforeAnObservedReboot() {
        NodeEvidence evidence = new NodeEvidence(List.of(seen(10, Duration.ofMinutes(5))),
                Optional.of(NOW.minus(Duration.ofMinutes(2))));
        assertEquals(HEALTHY, new LabelDecider(LabellerSettings.defaults()).decide(Node.quiet().facts(), evidence,
                NOW).state());
    }
}
