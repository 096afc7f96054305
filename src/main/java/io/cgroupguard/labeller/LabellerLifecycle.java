package io.cgroupguard.labeller;

import io.cgroupguard.config.GuardConfig;
import io.cgroupguard.config.LabellerConfig;
import io.cgroupguard.config.RunMode;
import io.cgroupguard.nodestate.NodeSources;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the labeller in {@code serve} mode, in cluster mode, on the elected leader only. Replicas compete for the
 * Lease {@code cgroup-guard} in the guard's namespace; the winner builds a {@link Labeller}, and a replica that
 * loses the Lease drops its leadership flag (every write checks it) and closes its informers at once, then
 * stands as a candidate again.
 */
@ApplicationScoped
public class LabellerLifecycle {

    private static final Logger LOG = Logger.getLogger(LabellerLifecycle.class);
    /** The Lease's name; the RBAC Role grants exactly this one. */
    public static final String LEASE = "cgroup-guard";

    private final GuardConfig guard;
    private final LabellerConfig config;
    private final NodeSources sources;
    private final Instance<KubernetesClient> client;
    private final KubeletEventSource events;
    private final Leadership leadership = new Leadership();
    private final String identity;
    private volatile boolean stopping;
    private volatile CompletableFuture<?> election;
    private Labeller labeller;

    LabellerLifecycle(GuardConfig guard, LabellerConfig config, NodeSources sources, Instance<KubernetesClient> client,
                      KubeletEventSource events) {
        this.guard = guard;
        this.config = config;
        this.sources = sources;
        this.client = client;
        this.events = events;
        // The pod name says which replica leads; the suffix keeps a restarted container from inheriting the
        // Lease its previous incarnation held.
        this.identity = Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank()).orElse(LEASE)
                + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    void start(@Observes StartupEvent event) {
        if (guard.mode() != RunMode.SERVE) {
            return;
        }
        if (!config.enabled()) {
            LOG.info("labeller disabled (cgroup-guard.labeller.enabled=false)");
            return;
        }
        Optional<String> cluster = sources.cluster();
        if (cluster.isEmpty()) {
            LOG.info("standalone: the labeller runs only against a cluster");
            return;
        }
        LOG.infof("labeller: competing for Lease %s/%s as %s", guard.namespace(), LEASE, identity);
        elect();
    }

    private void elect() {
        var electionConfig = new LeaderElectionConfigBuilder()
                .withName(LEASE)
                .withLock(new LeaseLock(guard.namespace(), LEASE, identity))
                .withLeaseDuration(config.leaseDuration())
                .withRenewDeadline(config.renewDeadline())
                .withRetryPeriod(config.retryPeriod())
                .withReleaseOnCancel(true)
                .withLeaderCallbacks(new LeaderCallbacks(this::startLeading, this::stopLeading,
                        leader -> LOG.infof("labeller leader is now %s", leader)))
                .build();
        CompletableFuture<?> running = client.get().leaderElector().withConfig(electionConfig).build().start();
        election = running;
        running.whenComplete((ignored, failure) -> {
            if (failure != null && !stopping) {
                LOG.warn("leader election ended with an error; standing again", failure);
            }
            if (!stopping) {
                CompletableFuture.delayedExecutor(config.retryPeriod().toMillis(), TimeUnit.MILLISECONDS)
                        .execute(() -> {
                            if (!stopping) {
                                elect();
                            }
                        });
            }
        });
    }

    private synchronized void startLeading() {
        if (stopping) {
            return;
        }
        leadership.gained();
        LOG.infof("labeller: %s holds the Lease; labelling nodes", identity);
        labeller = new Labeller(client.get(), events, leadership, new Labeller.Options(
                LabellerSettings.from(config), config.taint(), config.writesPerSecond(), config.resyncInterval(),
                identity), Clock.systemUTC());
        labeller.start();
    }

    private void stopLeading() {
        // The flag goes first and outside the lock: a write in flight checks it before its next request.
        leadership.lost();
        synchronized (this) {
            if (labeller != null) {
                LOG.infof("labeller: %s lost the Lease; writing stopped", identity);
                labeller.close();
                labeller = null;
            }
        }
    }

    /** Whether this replica leads now. */
    public boolean leading() {
        return leadership.isLeader();
    }

    /** This replica's identity in the Lease. */
    public String identity() {
        return identity;
    }

    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        stopLeading();
        CompletableFuture<?> running = election;
        if (running != null) {
            // Cancelling releases the Lease (releaseOnCancel), so another replica takes over without waiting.
            running.cancel(true);
        }
    }
}
