package io.cgroupguard.kube;

/**
 * Spaces writes evenly at a fixed rate. Only the leader writes, so this limit is the whole cluster's: a mass
 * flip (a bad rollout failing on every node) costs the API server at most this many writes a second.
 */
public final class WriteRateLimiter {

    private final long intervalNanos;
    private long next;

    public WriteRateLimiter(double perSecond) {
        if (!(perSecond > 0)) {
            throw new IllegalArgumentException("writes per second must be positive, got " + perSecond);
        }
        this.intervalNanos = (long) (1_000_000_000L / perSecond);
        this.next = System.nanoTime();
    }

    /** Blocks until the next write may go out. */
    public void acquire() throws InterruptedException {
        long wait;
        synchronized (this) {
            long now = System.nanoTime();
            long slot = Math.max(next, now);
            next = slot + intervalNanos;
            wait = slot - now;
        }
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
        }
    }
}
