package io.cgroupguard.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;

/**
 * The recent readings of one node's ids in use, in memory: the agent may restart empty, it then needs
 * {@code minHistory} again before it forecasts. Not thread-safe: one reading loop owns it.
 *
 * <p>A drop resets it: ids in use only fall when memcgs are freed, by a reboot (the agent starts empty anyway,
 * but a reading may also arrive across one), by reclaim of the memory that pinned dying memcgs, or by many pods
 * leaving at once. Each starts a new trend, and a fit across it would average two lines into a wrong one.
 */
public final class IdHistory {

    /** At most this many samples: a fit over them stays within a few milliseconds (n(n-1)/2 slopes). */
    static final int MAX_SAMPLES = 360;

    private final Duration window;
    private final long dropTolerance;
    private final Duration spacing;
    private final ArrayDeque<IdSample> samples = new ArrayDeque<>();

    /**
     * @param window        how far back samples are kept
     * @param dropTolerance a fall of more ids than this between two readings resets the history; smaller falls
     *                      (pods leaving on kernels that free ids) are noise the fit absorbs
     */
    public IdHistory(Duration window, long dropTolerance) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the history window must be positive, not " + window);
        }
        if (dropTolerance < 0) {
            throw new IllegalArgumentException("the drop tolerance must not be negative, not " + dropTolerance);
        }
        this.window = window;
        this.dropTolerance = dropTolerance;
        this.spacing = window.dividedBy(MAX_SAMPLES);
    }

    /**
     * Adds a reading. A reading older than the newest is ignored (clocks step back; the fit needs time order);
     * a reading closer than {@code window / MAX_SAMPLES} to the last kept one is ignored unless it is a drop.
     *
     * @return true when this reading reset the history
     */
    public boolean add(Instant at, long used) {
        IdSample last = samples.peekLast();
        boolean reset = false;
        if (last != null) {
            if (at.isBefore(last.at())) {
                return false;
            }
            if (last.used() - used > dropTolerance) {
                samples.clear();
                reset = true;
            } else if (Duration.between(last.at(), at).compareTo(spacing) < 0) {
                return false;
            }
        }
        samples.addLast(new IdSample(at, used));
        Instant oldest = at.minus(window);
        while (samples.peekFirst().at().isBefore(oldest)) {
            samples.removeFirst();
        }
        return reset;
    }

    /** The kept samples, oldest first. */
    public List<IdSample> samples() {
        return List.copyOf(samples);
    }

    /** How long the kept samples span: zero with fewer than two. */
    public Duration span() {
        return samples.size() < 2 ? Duration.ZERO : Duration.between(samples.peekFirst().at(), samples.peekLast().at());
    }
}
