package io.cgroupguard.labeller;

import io.cgroupguard.labeller.AgentCondition.Signal;
import io.cgroupguard.nodestate.CgroupExhaustedCondition;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** How the labeller reads a {@code CgroupExhausted} condition written by the agent or by node-problem-detector. */
class AgentConditionTest {

    static Arguments row(String name, String status, String reason, Signal signal) {
        return Arguments.of(Named.of(name, status), reason, signal);
    }

    static Stream<Arguments> conditions() {
        return Stream.of(
                row("True with the agent's exhausted reason is exhausted", "True",
                        CgroupExhaustedCondition.EXHAUSTED, Signal.EXHAUSTED),
                row("True with the agent's failed probe is exhausted", "True",
                        CgroupExhaustedCondition.CREATE_FAILED, Signal.EXHAUSTED),
                row("True with a custom NPD reason is exhausted", "True", "MemcgIdsExhausted", Signal.EXHAUSTED),
                row("True with an empty reason is exhausted", "True", "", Signal.EXHAUSTED),
                row("True with no reason is exhausted", "True", null, Signal.EXHAUSTED),
                row("False with the agent's headroom reason is headroom", "False",
                        CgroupExhaustedCondition.AVAILABLE, Signal.HEADROOM),
                row("False at risk is at-risk", "False", CgroupExhaustedCondition.AT_RISK, Signal.AT_RISK),
                row("False with NPD's not-exhausted reason is no signal", "False", "MemoryCgroupsNotExhausted",
                        Signal.NONE),
                row("False with no reason is no signal", "False", null, Signal.NONE),
                row("Unknown is no signal", "Unknown", CgroupExhaustedCondition.READ_FAILED, Signal.NONE),
                row("no status is no signal", null, CgroupExhaustedCondition.EXHAUSTED, Signal.NONE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("conditions")
    void readsStatusAndReason(String status, String reason, Signal expected) {
        assertEquals(expected, AgentCondition.of(status, reason, "msg", Optional.empty()).signal());
    }
}
