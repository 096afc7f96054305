package io.cgroupguard.agent;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * When the agent writes its condition: on a change of status or reason, and otherwise once per heartbeat.
 * The numbers in the message move with every pod, so writing on every new number would cost the API server
 * one write per node per interval; the heartbeat bounds how stale they get.
 */
public final class PublishSchedule {

    /**
     * The last condition the agent wrote and when.
     *
     * @param condition what was written
     * @param at        when
     */
    public record Published(CgroupCondition condition, Instant at) {
    }

    private PublishSchedule() {
    }

    /** True when {@code next} must be written now; always true before the first successful write. */
    public static boolean due(Optional<Published> last, CgroupCondition next, Instant now, Duration heartbeat) {
        if (last.isEmpty()) {
            return true;
        }
        return next.changedFrom(last.get().condition()) || !now.isBefore(last.get().at().plus(heartbeat));
    }
}
