package io.cgroupguard.kube;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often and how long to retry a Kubernetes API write: the one backoff rule of the labeller's requests, the
 * agent's condition writer and the agent's publish loop. The delay doubles from {@code firstDelay} up to
 * {@code maxDelay}, as client-go's exponential backoff does, so a struggling API server is not hammered and a
 * recovered one is reached again soon. Which failures are worth a retry is the caller's to say.
 *
 * @param attempts   tries in all, the first included; {@link Integer#MAX_VALUE} for a loop that never gives up
 * @param firstDelay the wait after the first failure
 * @param maxDelay   the longest wait; it wins over {@code firstDelay} when shorter
 */
public record RetryPolicy(int attempts, Duration firstDelay, Duration maxDelay) {

    public RetryPolicy {
        if (attempts < 1 || firstDelay.isNegative() || maxDelay.isNegative()) {
            throw new IllegalArgumentException("attempts must be at least 1 and delays not negative");
        }
    }

    /** A policy that never gives up: for a loop that keeps reading while its writes fail. */
    public static RetryPolicy unbounded(Duration firstDelay, Duration maxDelay) {
        return new RetryPolicy(Integer.MAX_VALUE, firstDelay, maxDelay);
    }

    /** True when attempt number {@code attempt} (1-based) was the last one allowed. */
    public boolean exhausted(int attempt) {
        return attempt >= attempts;
    }

    /** The wait after failure number {@code failures} (1-based): first, twice that, four times, ... up to the cap. */
    public Duration delay(int failures) {
        int exponent = Math.min(Math.max(failures - 1, 0), 30);
        Duration delay = firstDelay.multipliedBy(1L << exponent);
        return delay.compareTo(maxDelay) > 0 || delay.isNegative() ? maxDelay : delay;
    }

    /**
     * {@link #delay} with jitter, uniformly between half of it and all of it, so replicas or requests that failed
     * together do not retry in step.
     */
    public Duration jitteredDelay(int failures) {
        long millis = delay(failures).toMillis();
        return Duration.ofMillis(millis / 2 + ThreadLocalRandom.current().nextLong(millis / 2 + 1));
    }
}
