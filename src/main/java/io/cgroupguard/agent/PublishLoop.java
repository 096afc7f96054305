package io.cgroupguard.agent;

import io.cgroupguard.apiclient.ApiException;
import io.cgroupguard.console.ConsoleLog;
import io.cgroupguard.kube.RetryPolicy;
import io.cgroupguard.nodestate.CgroupExhaustedCondition;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One node agent's loop as plain Java: each {@link #tick} reads the node, writes the condition when
 * {@link PublishSchedule} says it is due, counts failed writes and says how long to wait before the next tick
 * (the interval, or the retry policy's delay after a failure). The clock, the probe and the writer are passed in,
 * so a test drives it with fakes, as node-problem-detector's condition manager is tested.
 */
public final class PublishLoop {

    private static final ConsoleLog LOG = ConsoleLog.of(PublishLoop.class);

    /**
     * How often the loop reads and writes.
     *
     * @param interval  between readings
     * @param heartbeat the condition is rewritten at least this often
     * @param retry     the wait after each failed write
     */
    public record Timing(Duration interval, Duration heartbeat, RetryPolicy retry) {
    }

    private final String nodeName;
    private final Supplier<CgroupCondition> probe;
    private final ConditionWriter writer;
    private final Clock clock;
    private final Timing timing;
    private final Runnable onWriteFailure;
    private CgroupCondition lastRead;
    private volatile Optional<PublishSchedule.Published> lastWritten = Optional.empty();
    private volatile int failures;

    /**
     * @param probe          reads and judges the node; an unreadable node is a condition too ({@code Unknown})
     * @param onWriteFailure told of each failed write (the agent's metrics)
     */
    public PublishLoop(String nodeName, Supplier<CgroupCondition> probe, ConditionWriter writer, Clock clock,
                       Timing timing, Runnable onWriteFailure) {
        this.nodeName = nodeName;
        this.probe = probe;
        this.writer = writer;
        this.clock = clock;
        this.timing = timing;
        this.onWriteFailure = onWriteFailure;
    }

    /** True once a condition was written and the last write did not fail; the agent's readiness. */
    public boolean publishing() {
        return lastWritten.isPresent() && failures == 0;
    }

    /** Reads the node, writes when due; returns the wait before the next tick. */
    public Duration tick() {
        CgroupCondition condition = probe.get();
        if (lastRead == null || condition.changedFrom(lastRead)) {
            LOG.infof("agent: node %s %s=%s (%s): %s", nodeName, CgroupExhaustedCondition.TYPE, condition.status(),
                    condition.reason(), condition.message());
        }
        lastRead = condition;
        Instant now = clock.instant();
        if (!PublishSchedule.due(lastWritten, condition, now, timing.heartbeat())) {
            return timing.interval();
        }
        try {
            writer.write(nodeName, condition, now);
        } catch (ApiException e) {
            failures++;
            onWriteFailure.run();
            Duration delay = timing.retry().delay(failures);
            LOG.warnf("agent: cannot write %s=%s on node %s (failure %d, retrying in %.1fs): %s",
                    CgroupExhaustedCondition.TYPE, condition.status(), nodeName, failures, delay.toMillis() / 1000.0,
                    why(e));
            return delay;
        }
        if (failures > 0) {
            LOG.infof("agent: condition %s written on node %s after %d failed attempts", CgroupExhaustedCondition.TYPE,
                    nodeName, failures);
        }
        failures = 0;
        lastWritten = Optional.of(new PublishSchedule.Published(condition, now));
        return timing.interval();
    }

    /** The client's message and the cause underneath it (an unknown host, a refused connection, a 403). */
    private static String why(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.getMessage() : e.getMessage() + " (" + root + ")";
    }
}
