package io.cgroupguard.labeller;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Whether this replica holds the labeller's Lease right now. Leader election sets it; every write asks it just
 * before going out, so a replica that lost the Lease stops writing at once, even mid-queue or mid-retry.
 */
public final class Leadership {

    private final AtomicBoolean leading = new AtomicBoolean();

    public boolean isLeader() {
        return leading.get();
    }

    public void gained() {
        leading.set(true);
    }

    public void lost() {
        leading.set(false);
    }
}
