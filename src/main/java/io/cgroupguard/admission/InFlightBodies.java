package io.cgroupguard.admission;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The budget of bytes that admission request bodies still being received may hold at once, in two lanes: bodies
 * up to {@code smallBodyMax} (every real pod review) draw on the small lane, larger ones on the large lane.
 *
 * <p>Why a budget: a body is held from its headers until its answer is written, and over TLS a client may take
 * seconds to send 3 MB. Sixteen such bodies at once, each as a whole array in the old generation, got the
 * webhook OOM-killed in its 384 MiB container (issue 12, RELIABILITY.md). Why two lanes: normal reviews must
 * never be refused because large bodies fill the budget; the large ones can only ever take the large lane.
 *
 * <p>A body that declares its length reserves it whole when its headers arrive, so it is refused before any of
 * it is read; one sent in chunks reserves what it has grown to, and moves to the large lane when it outgrows the
 * small one. Thread-safe: Quarkus runs one event loop per core and each may hold reservations.
 */
public final class InFlightBodies {

    private final long smallBodyMax;
    private final Lane small;
    private final Lane large;

    /** A budget of {@code smallLaneBytes} for bodies up to {@code smallBodyMax}, {@code largeLaneBytes} above. */
    public InFlightBodies(long smallBodyMax, long smallLaneBytes, long largeLaneBytes) {
        if (smallBodyMax <= 0 || smallLaneBytes < smallBodyMax || largeLaneBytes < 0) {
            throw new IllegalArgumentException("in-flight body budget needs 0 < small-body-max (" + smallBodyMax
                    + ") <= small-lane (" + smallLaneBytes + ") and large-lane >= 0 (" + largeLaneBytes + ")");
        }
        this.smallBodyMax = smallBodyMax;
        this.small = new Lane(smallLaneBytes);
        this.large = new Lane(largeLaneBytes);
    }

    /** A reservation of {@code bytes}, or {@code null} when its lane has no room for them now. */
    public Reservation reserve(long bytes) {
        Reservation reservation = new Reservation();
        return reservation.growTo(bytes) ? reservation : null;
    }

    /** Bytes reserved now in the small and the large lane (for tests and diagnostics). */
    public long smallLaneInUse() {
        return small.used.get();
    }

    public long largeLaneInUse() {
        return large.used.get();
    }

    /** What one body holds of the budget; released once, when its request is done however it ended. */
    public final class Reservation {
        private Lane lane;
        private long bytes;

        private Reservation() {
        }

        /** Grows this reservation to {@code total} bytes; false (and unchanged) when the lane has no room. */
        public synchronized boolean growTo(long total) {
            if (total <= bytes) {
                return true;
            }
            Lane wanted = total <= smallBodyMax ? small : large;
            // Within its lane a body takes only what it grows by; moving to the large lane it takes the whole
            // total there before giving back what it held in the small one.
            boolean sameLane = wanted == lane;
            if (!wanted.take(sameLane ? total - bytes : total)) {
                return false;
            }
            if (!sameLane && lane != null) {
                lane.give(bytes);
            }
            lane = wanted;
            bytes = total;
            return true;
        }

        /** Gives the bytes back; later calls do nothing. */
        public synchronized void release() {
            if (lane != null) {
                lane.give(bytes);
                lane = null;
                bytes = 0;
            }
        }
    }

    private static final class Lane {
        private final long capacity;
        private final AtomicLong used = new AtomicLong();

        Lane(long capacity) {
            this.capacity = capacity;
        }

        boolean take(long bytes) {
            long now;
            do {
                now = used.get();
                if (now + bytes > capacity) {
                    return false;
                }
            } while (!used.compareAndSet(now, now + bytes));
            return true;
        }

        void give(long bytes) {
            used.addAndGet(-bytes);
        }
    }
}
