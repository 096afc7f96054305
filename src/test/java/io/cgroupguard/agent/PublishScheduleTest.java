package io.cgroupguard.agent;

import io.cgroupguard.nodestate.CgroupExhaustedCondition;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** When the agent writes: on change of status or reason, and once per heartbeat. */
class PublishScheduleTest {

    private static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    private static final Duration HEARTBEAT = Duration.ofMinutes(5);
    private static final CgroupCondition HEALTHY =
            new CgroupCondition("False", CgroupExhaustedCondition.AVAILABLE, "12 of 65535 memory cgroup ids in use");
    private static final Optional<PublishSchedule.Published> WROTE_HEALTHY =
            Optional.of(new PublishSchedule.Published(HEALTHY, T0));

    static Stream<Arguments> cases() {
        return Stream.of(
                arguments(Named.of("writes the first reading", Optional.empty()), HEALTHY, T0, true),
                arguments(Named.of("skips an unchanged condition before the heartbeat", WROTE_HEALTHY), HEALTHY,
                        T0.plusSeconds(30), false),
                arguments(Named.of("skips new numbers alone before the heartbeat", WROTE_HEALTHY),
                        new CgroupCondition("False", CgroupExhaustedCondition.AVAILABLE, "14 of 65535"),
                        T0.plusSeconds(30), false),
                arguments(Named.of("writes at the heartbeat", WROTE_HEALTHY), HEALTHY, T0.plus(HEARTBEAT), true),
                arguments(Named.of("writes a new reason at once", WROTE_HEALTHY),
                        new CgroupCondition("False", CgroupExhaustedCondition.AT_RISK, "53000 of 65535"),
                        T0.plusSeconds(30), true),
                arguments(Named.of("writes Unknown at once after a failed read", WROTE_HEALTHY),
                        CgroupCondition.unreadable("cannot read /proc/cgroups"), T0.plusSeconds(30), true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void decidesWhetherToWrite(Optional<PublishSchedule.Published> last, CgroupCondition next, Instant now,
                               boolean due) {
        assertEquals(due, PublishSchedule.due(last, next, now, HEARTBEAT));
    }

}
