package io.cgroupguard.agent;

import io.cgroupguard.testing.FakeClock;
import io.cgroupguard.kube.RetryPolicy;
import io.cgroupguard.nodestate.CgroupExhaustedCondition;
import io.cgroupguard.apiclient.ApiException;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The agent's loop driven tick by tick with a fake clock, a fake probe and a fake writer, as
 * node-problem-detector's condition manager test does: each case is a list of ticks, each tick says what the
 * probe reads, whether the write fails, how much time passed before it, and what the loop must do.
 */
class PublishLoopTest {

    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(30);
    private static final Duration HEARTBEAT = Duration.ofMinutes(5);
    private static final CgroupCondition AVAILABLE =
            new CgroupCondition("False", CgroupExhaustedCondition.AVAILABLE, "12 of 65535 memory cgroup ids in use");
    private static final CgroupCondition AVAILABLE_MORE =
            new CgroupCondition("False", CgroupExhaustedCondition.AVAILABLE, "14 of 65535 memory cgroup ids in use");
    private static final CgroupCondition AT_RISK =
            new CgroupCondition("False", CgroupExhaustedCondition.AT_RISK, "53000 of 65535 memory cgroup ids in use");

    /**
     * @param after      time passed since the previous tick
     * @param reads      what the probe returns
     * @param writeFails whether the writer throws
     * @param written    whether a write went through in this tick
     * @param next       the wait the loop asks for
     * @param publishing the loop's readiness after the tick
     */
    record Tick(Duration after, CgroupCondition reads, boolean writeFails, boolean written, Duration next,
                boolean publishing) {
    }

    private static Tick ok(Duration after, CgroupCondition reads, boolean written) {
        return new Tick(after, reads, false, written, INTERVAL, true);
    }

    private static Tick failing(Duration after, CgroupCondition reads, Duration retryIn) {
        return new Tick(after, reads, true, false, retryIn, false);
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(Named.of("writes the first reading at once", List.of(
                        ok(Duration.ZERO, AVAILABLE, true))), Duration.ofSeconds(30)),
                Arguments.of(Named.of("skips new numbers within the heartbeat", List.of(
                        ok(Duration.ZERO, AVAILABLE, true),
                        ok(INTERVAL, AVAILABLE_MORE, false),
                        ok(INTERVAL, AVAILABLE, false))), Duration.ofSeconds(30)),
                Arguments.of(Named.of("rewrites once the heartbeat is due", List.of(
                        ok(Duration.ZERO, AVAILABLE, true),
                        ok(HEARTBEAT, AVAILABLE_MORE, true))), Duration.ofSeconds(30)),
                Arguments.of(Named.of("writes a changed reason at once", List.of(
                        ok(Duration.ZERO, AVAILABLE, true),
                        ok(INTERVAL, AT_RISK, true))), Duration.ofSeconds(30)),
                Arguments.of(Named.of("is not ready before its first write and retries doubling", List.of(
                        failing(Duration.ZERO, AVAILABLE, Duration.ofSeconds(1)),
                        failing(Duration.ofSeconds(1), AVAILABLE, Duration.ofSeconds(2)),
                        failing(Duration.ofSeconds(2), AVAILABLE, Duration.ofSeconds(4)),
                        ok(Duration.ofSeconds(4), AVAILABLE, true))), Duration.ofSeconds(30)),
                Arguments.of(Named.of("becomes unready when a due write fails after success", List.of(
                        ok(Duration.ZERO, AVAILABLE, true),
                        failing(INTERVAL, AT_RISK, Duration.ofSeconds(1)),
                        ok(Duration.ofSeconds(1), AT_RISK, true))), Duration.ofSeconds(30)),
                Arguments.of(Named.of("caps the retry delay", List.of(
                        failing(Duration.ZERO, AVAILABLE, Duration.ofSeconds(1)),
                        failing(Duration.ofSeconds(1), AVAILABLE, Duration.ofSeconds(2)),
                        failing(Duration.ofSeconds(2), AVAILABLE, Duration.ofSeconds(3)),
                        failing(Duration.ofSeconds(3), AVAILABLE, Duration.ofSeconds(3)))), Duration.ofSeconds(3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void publishesRetriesAndReportsReadiness(List<Tick> ticks, Duration maxRetryDelay) {
        FakeClock clock = new FakeClock(T0);
        Tick[] current = new Tick[1];
        List<CgroupCondition> writes = new ArrayList<>();
        int[] failuresCounted = new int[1];
        ConditionWriter writer = (node, condition, now) -> {
            assertEquals("node-a", node);
            assertEquals(clock.instant(), now);
            if (current[0].writeFails()) {
                throw new ApiException(0, "connection refused");
            }
            writes.add(condition);
        };
        PublishLoop loop = new PublishLoop("node-a", () -> current[0].reads(), writer, clock,
                new PublishLoop.Timing(INTERVAL, HEARTBEAT, RetryPolicy.unbounded(Duration.ofSeconds(1), maxRetryDelay)),
                () -> failuresCounted[0]++);
        int failed = 0;
        for (int i = 0; i < ticks.size(); i++) {
            Tick tick = ticks.get(i);
            current[0] = tick;
            clock.advance(tick.after());
            int before = writes.size();
            assertEquals(tick.next(), loop.tick(), "wait after tick " + i);
            assertEquals(tick.written() ? List.of(tick.reads()) : List.of(), writes.subList(before, writes.size()),
                    "written in tick " + i);
            assertEquals(tick.publishing(), loop.publishing(), "publishing after tick " + i);
            failed += tick.writeFails() ? 1 : 0;
        }
        assertEquals(failed, failuresCounted[0], "failed writes counted");
    }
}
