package io.cgroupguard.labeller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One replica's candidacy for the labeller's Lease, through fabric8's leader election. The winner builds a
 * {@link Labeller}; on losing the Lease the leadership flag drops first (every write checks it) and the
 * labeller's informers and queue are closed, then the replica stands again.
 */
public final class LeaderElectedLabeller implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LeaderElectedLabeller.class);

    /** How long each phase of the election may take. */
    public record Timing(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
    }

    private final KubernetesClient client;
    private final String namespace;
    private final String lease;
    private final Timing timing;
    private final Labeller.Inputs inputs;
    private final Labeller.Options options;
    private final Leadership leadership = new Leadership();
    private volatile boolean stopping;
    private volatile CompletableFuture<?> election;
    private Labeller labeller;

    public LeaderElectedLabeller(KubernetesClient client, String namespace, String lease, Timing timing,
                                 Labeller.Inputs inputs, Labeller.Options options) {
        this.client = client;
        this.namespace = namespace;
        this.lease = lease;
        this.timing = timing;
        this.inputs = inputs;
        this.options = options;
    }

    /** Starts competing for the Lease. */
    public void start() {
        LOG.infof("labeller: competing for Lease %s/%s as %s", namespace, lease, options.identity());
        var config = new LeaderElectionConfigBuilder()
                .withName(lease)
                .withLock(new LeaseLock(namespace, lease, options.identity()))
                .withLeaseDuration(timing.leaseDuration())
                .withRenewDeadline(timing.renewDeadline())
                .withRetryPeriod(timing.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::startLeading, this::stopLeading,
                        leader -> LOG.infof("labeller leader is now %s", leader)))
                .build();
        CompletableFuture<?> running = client.leaderElector().withConfig(config).build().start();
        election = running;
        running.whenComplete((ignored, failure) -> {
            if (stopping) {
                return;
            }
            if (failure != null) {
                LOG.warn("leader election ended with an error; standing again", failure);
            }
            CompletableFuture.delayedExecutor(timing.retryPeriod().toMillis(), TimeUnit.MILLISECONDS)
                    .execute(() -> {
                        if (!stopping) {
                            start();
                        }
                    });
        });
    }

    private synchronized void startLeading() {
        if (stopping) {
            return;
        }
        leadership.gained();
        LOG.infof("labeller: %s holds the Lease; labelling nodes", options.identity());
        labeller = new Labeller(client, inputs, leadership, options, Clock.systemUTC());
        labeller.start();
    }

    private void stopLeading() {
        // The flag goes first and outside the lock: a write in flight checks it before its next request.
        leadership.lost();
        synchronized (this) {
            if (labeller != null) {
                LOG.infof("labeller: %s lost the Lease; writing stopped", options.identity());
                labeller.close();
                labeller = null;
            }
        }
    }

    /** Whether this replica leads now. */
    public boolean leading() {
        return leadership.isLeader();
    }

    /** Stops labelling and withdraws; a held Lease is released so another replica takes over at once. */
    @Override
    public void close() {
        stopping = true;
        stopLeading();
        CompletableFuture<?> running = election;
        if (running != null) {
            running.cancel(true);
        }
    }
}
