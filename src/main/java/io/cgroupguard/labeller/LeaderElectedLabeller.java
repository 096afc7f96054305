package io.cgroupguard.labeller;

import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One replica's candidacy for the labeller's Lease, through fabric8's leader election. The winner starts its
 * {@link LeaderDuty duties} (the {@link Labeller}, the TLS Secret); on losing the Lease the leadership flag drops
 * first (every write checks it) and the duties are closed, then the replica stands again.
 *
 * <p>The election runs on a client of its own, without request retries and with timeouts derived from the
 * {@link Timing}: fabric8's renew loop checks the renew deadline only between two attempts, so one attempt held
 * up by the shared client's retries (tens of seconds against an unreachable API server) would keep a cut-off
 * leader writing long after another replica may have taken the Lease.
 */
public final class LeaderElectedLabeller implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(LeaderElectedLabeller.class);

    /** How long each phase of the election may take. */
    public record Timing(Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {

        public Timing {
            if (leaseDuration.compareTo(renewDeadline.plus(retryPeriod)) <= 0) {
                throw new IllegalArgumentException("the lease duration (" + leaseDuration + ") must exceed the renew"
                        + " deadline plus the retry period (" + renewDeadline + " + " + retryPeriod + "), or a"
                        + " leader could still be writing when another replica takes the Lease");
            }
        }

        /**
         * The longest one election request may take. A cut-off leader notices at the first check after the renew
         * deadline: after at most one renewal attempt (a get and an update) and one retry period more. A third of
         * the slack between that and the lease duration per request keeps the step-down ahead of any takeover
         * (defaults 15 s, 10 s, 2 s: 1 s per request, stepped down within 14 s).
         */
        public Duration requestTimeout() {
            return leaseDuration.minus(renewDeadline).minus(retryPeriod).dividedBy(3);
        }
    }

    private final KubernetesClient client;
    private final KubernetesClient electionClient;
    private final String namespace;
    private final String lease;
    private final Timing timing;
    private final String identity;
    private final List<LeaderDuty> duties;
    private final Leadership leadership = new Leadership();
    private volatile boolean stopping;
    private volatile CompletableFuture<?> election;
    private final List<AutoCloseable> running = new ArrayList<>();

    /** A candidate whose one duty is the {@link Labeller}. */
    public LeaderElectedLabeller(KubernetesClient client, String namespace, String lease, Timing timing,
                                 Labeller.Inputs inputs, Labeller.Options options) {
        this(client, namespace, lease, timing, options.identity(), List.of(labelling(inputs, options)));
    }

    /** A candidate under {@code identity} that runs {@code duties} while it holds the Lease. */
    public LeaderElectedLabeller(KubernetesClient client, String namespace, String lease, Timing timing,
                                 String identity, List<LeaderDuty> duties) {
        this.client = client;
        this.namespace = namespace;
        this.lease = lease;
        this.timing = timing;
        this.identity = identity;
        this.duties = List.copyOf(duties);
        this.electionClient = electionClient(client, timing);
    }

    /** The labeller as a duty of the leader. */
    public static LeaderDuty labelling(Labeller.Inputs inputs, Labeller.Options options) {
        return (client, leadership) -> {
            Labeller labeller = new Labeller(client, inputs, leadership, options, Clock.systemUTC());
            labeller.start();
            return labeller;
        };
    }

    /** The shared client's cluster and credentials, with no retries and requests bounded by the timing. */
    private static KubernetesClient electionClient(KubernetesClient client, Timing timing) {
        int timeout = (int) Math.max(1, timing.requestTimeout().toMillis());
        return new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
                .withRequestRetryBackoffLimit(0)
                .withConnectionTimeout(timeout)
                .withRequestTimeout(timeout)
                .build()).build();
    }

    /** Starts competing for the Lease. */
    public void start() {
        LOG.infof("labeller: competing for Lease %s/%s as %s (election requests time out after %s ms)", namespace,
                lease, identity, timing.requestTimeout().toMillis());
        var config = new LeaderElectionConfigBuilder()
                .withName(lease)
                .withLock(new LeaseLock(namespace, lease, identity))
                .withLeaseDuration(timing.leaseDuration())
                .withRenewDeadline(timing.renewDeadline())
                .withRetryPeriod(timing.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::startLeading, this::stopLeading,
                        leader -> LOG.infof("labeller leader is now %s", leader)))
                .build();
        CompletableFuture<?> started = electionClient.leaderElector().withConfig(config).build().start();
        election = started;
        started.whenComplete((ignored, failure) -> {
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
        LOG.infof("labeller: %s holds the Lease; starting %d leader dut%s", identity, duties.size(),
                duties.size() == 1 ? "y" : "ies");
        for (LeaderDuty duty : duties) {
            running.add(duty.start(client, leadership));
        }
    }

    private void stopLeading() {
        // The flag goes first and outside the lock: a write in flight checks it before its next request.
        leadership.lost();
        synchronized (this) {
            if (!running.isEmpty()) {
                LOG.warnf("labeller: %s no longer holds the Lease; writing stopped", identity);
            }
            for (AutoCloseable duty : running) {
                try {
                    duty.close();
                } catch (Exception e) {
                    LOG.warn("a leader duty failed to stop", e);
                }
            }
            running.clear();
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
        CompletableFuture<?> current = election;
        if (current != null) {
            // fabric8 releases the Lease (releaseOnCancel) in the cancelling thread, before the client closes.
            current.cancel(true);
        }
        electionClient.close();
    }
}
