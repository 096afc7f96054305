package io.cgroupguard.agent;

import io.cgroupguard.forecast.IdHistory;
import io.cgroupguard.forecast.LeakForecast;
import io.cgroupguard.probe.CgroupAssessment;
import io.cgroupguard.probe.CgroupReading;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The agent's memory of its node's ids: one per agent process, fed each successful reading, turning it into an
 * {@link Outlook}. It starts empty (the history lives in memory only) and forecasts once it spans
 * {@code minHistory}. Not thread-safe: the agent's one loop thread owns it.
 */
public final class LeakWatch {

    /** Six hours of readings: long enough to see a leak of a few ids per hour through pod churn. */
    static final Duration WINDOW = Duration.ofHours(6);
    /**
     * A fall of more than 1% of the id space resets the history: ids in use fall that much only when many
     * memcgs are freed at once (reclaim of what pinned dying memcgs, a node draining), which starts a new trend.
     */
    static final long DROP_TOLERANCE = 655;

    private final IdHistory history = new IdHistory(WINDOW, DROP_TOLERANCE);
    private final Duration horizon;
    private final Duration minHistory;

    public LeakWatch(Duration horizon, Duration minHistory) {
        this.horizon = horizon;
        this.minHistory = minHistory;
    }

    /** Adds the reading to the history and judges it with the forecast it makes. */
    public Outlook observe(CgroupReading reading, Instant now) {
        history.add(now, reading.memoryCgroups().used());
        Optional<LeakForecast> forecast = LeakForecast.of(history, reading.memoryCgroups().limit(), minHistory);
        return new Outlook(CgroupAssessment.assess(reading), forecast,
                forecast.filter(f -> f.within(horizon, now)).isPresent());
    }
}
