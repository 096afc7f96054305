package io.cgroupguard.labeller;

import io.cgroupguard.labeller.LabelDeciderTest.Node;
import io.cgroupguard.nodestate.CgroupExhaustedCondition;
import io.cgroupguard.nodestate.ExhaustionForecast;
import io.cgroupguard.nodestate.NodeRisk;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

import static io.cgroupguard.labeller.LabelDeciderTest.BOOT;
import static io.cgroupguard.labeller.LabelDeciderTest.NOW;
import static io.cgroupguard.nodestate.NodeRisk.AT_RISK;
import static io.cgroupguard.nodestate.NodeRisk.EXHAUSTED;
import static io.cgroupguard.nodestate.NodeRisk.HEALTHY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent's forecast, read from its condition's message, as the labeller acts on it. */
class LabelDeciderForecastTest {

    static final Instant RUNS_OUT = Instant.parse("2026-11-27T03:30:00Z");
    static final String FORECAST = "52000 of 65535 memory cgroup ids in use; "
            + new ExhaustionForecast(150, RUNS_OUT).phrase();

    static Arguments row(String name, Node node, NodeRisk state, Optional<Instant> exhaustedBy, String reasonSays) {
        return Arguments.of(Named.of(name, node), state, exhaustedBy, reasonSays);
    }

    static Stream<Arguments> table() {
        Duration m = Duration.ofMinutes(1);
        String atRisk = CgroupExhaustedCondition.AT_RISK;
        return Stream.of(
                row("a forecast within the horizon makes a quiet node at-risk with exhausted-by",
                        Node.quiet().agent("False", atRisk, FORECAST, m), AT_RISK, Optional.of(RUNS_OUT),
                        "run out at 2026-11-27T03:30:00Z, leaking 150.0 memory cgroup ids per hour"),
                row("at-risk without a forecast has no exhausted-by",
                        Node.quiet().agent("False", atRisk, "52000 of 65535 memory cgroup ids in use", m), AT_RISK,
                        Optional.empty(), "MemoryCgroupsAtRisk"),
                row("a forecast never makes a node exhausted, on a leaking kernel either",
                        Node.quiet().kernel("3.10.0-1160.el7.x86_64").agent("False", atRisk, FORECAST, m), AT_RISK,
                        Optional.of(RUNS_OUT), "leaking 150.0"),
                row("a True with the phrase is exhausted, and exhausted-by is for at-risk only",
                        Node.quiet().agent("True", CgroupExhaustedCondition.EXHAUSTED, FORECAST, m), EXHAUSTED,
                        Optional.empty(), "CgroupExhausted=True"),
                row("the phrase under headroom is not read as a forecast",
                        Node.quiet().agent("False", CgroupExhaustedCondition.AVAILABLE, FORECAST, m), HEALTHY,
                        Optional.empty(), "no evidence"),
                row("a rebooted node keeps the forecast its agent reports",
                        Node.quiet().bootId("boot-2").flagged(BOOT).readyAgo(m.multipliedBy(3))
                                .agent("False", atRisk, FORECAST, m), AT_RISK, Optional.of(RUNS_OUT),
                        "rebooted since it was flagged"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void actsOnTheForecast(Node node, NodeRisk state, Optional<Instant> exhaustedBy, String reasonSays) {
        Decision d = new LabelDecider(LabellerSettings.defaults()).decide(node.facts(), NodeEvidence.NONE, NOW);
        assertEquals(state, d.state(), d.reason());
        assertEquals(exhaustedBy, d.exhaustedBy(), d.reason());
        assertTrue(d.reason().contains(reasonSays), () -> "reason: " + d.reason());
    }
}
