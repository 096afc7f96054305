package io.cgroupguard.labeller;

import io.cgroupguard.nodestate.ClusterNodeWatcher;
import io.cgroupguard.nodestate.GuardKeys;
import io.cgroupguard.nodestate.NodeRisk;
import io.cgroupguard.nodestate.NodeStateCache;
import io.cgroupguard.testing.TcpProxy;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static io.cgroupguard.labeller.ClusterFixtures.await;
import static io.cgroupguard.labeller.ClusterFixtures.createNode;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults of the leader, injected on the fabric8 mock API server (CRUD) through a {@link TcpProxy} between one
 * replica and the server: the leader cut off, the leader killed (with and without releasing its Lease), the API
 * server gone and back. The Lease timings are shortened (8 s lease, 4 s renew deadline, 0.5 s retry; a 16 s outage)
 * so the suite stays fast; {@code bench/faults-leader.sh} runs the same faults with the shipped defaults (15 s,
 * 10 s, 2 s) and a 30 s outage, through the system properties {@code faults.*}.
 */
@EnableKubernetesMockClient(crud = true)
class LeaderFaultsTest {

    static final String NAMESPACE = "cgroup-guard";
    static final LeaderElectedLabeller.Timing TIMING = new LeaderElectedLabeller.Timing(
            seconds("faults.lease", "8"), seconds("faults.renew", "4"), seconds("faults.retry", "0.5"));
    /** How long the API server is gone in the outage test; bench/faults-leader.sh sets 30 s. */
    static final Duration OUTAGE = seconds("faults.outage", "16");
    /** Scheduling slack on a loaded machine, on top of what the timing allows. */
    static final Duration SLACK = Duration.ofSeconds(2);

    KubernetesMockServer server;
    KubernetesClient client;
    TcpProxy proxy;
    KubernetesClient proxied;

    @BeforeEach
    void cutOffable() throws Exception {
        URI master = URI.create(client.getConfiguration().getMasterUrl());
        proxy = new TcpProxy(master.getPort());
        proxied = new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.getConfiguration())
                .withMasterUrl(master.getScheme() + "://127.0.0.1:" + proxy.port() + "/").build()).build();
    }

    @AfterEach
    void closeProxy() throws Exception {
        proxied.close();
        proxy.close();
    }

    /** A candidate whose duty stamps when it starts and stops writing. */
    static LeaderElectedLabeller replica(KubernetesClient client, String identity, Stamps stamps) {
        return new LeaderElectedLabeller(client, NAMESPACE, LabellerLifecycle.LEASE, TIMING, identity,
                List.of((c, leadership) -> {
                    stamps.started.set(System.nanoTime());
                    return () -> stamps.stopped.set(System.nanoTime());
                }));
    }

    static final class Stamps {
        final AtomicLong started = new AtomicLong();
        final AtomicLong stopped = new AtomicLong();
    }

    String holder() {
        return client.leases().inNamespace(NAMESPACE).withName(LabellerLifecycle.LEASE).get().getSpec()
                .getHolderIdentity();
    }

    static Duration seconds(String property, String fallback) {
        return Duration.ofMillis((long) (Double.parseDouble(System.getProperty(property, fallback)) * 1000));
    }

    static Duration since(long start, long end) {
        return Duration.ofNanos(end - start);
    }

    @Test
    void cutOffLeaderStepsDownWithinTheRenewDeadline_beforeAnotherReplicaTakesOver() throws Exception {
        Stamps first = new Stamps();
        Stamps second = new Stamps();
        try (LeaderElectedLabeller leader = replica(proxied, "replica-a", first);
             LeaderElectedLabeller standby = replica(client, "replica-b", second)) {
            leader.start();
            await("replica-a leads", Duration.ofSeconds(30), leader::leading);
            standby.start();
            Thread.sleep(1000);
            assertFalse(standby.leading(), "two leaders while the Lease is renewed");

            long cut = System.nanoTime();
            proxy.cut();
            await("replica-a steps down", TIMING.renewDeadline().plus(TIMING.retryPeriod()).plus(SLACK),
                    () -> !leader.leading());
            await("replica-b takes over", TIMING.leaseDuration().plus(SLACK.multipliedBy(2)), standby::leading);

            Duration stepDown = since(cut, first.stopped.get());
            Duration takeover = since(cut, second.started.get());
            System.out.printf("cut-off leader: stepped down after %d ms, other replica led after %d ms%n",
                    stepDown.toMillis(), takeover.toMillis());
            assertTrue(first.stopped.get() < second.started.get(),
                    "replica-b started writing " + takeover.toMillis() + " ms after the cut, replica-a stopped only "
                            + stepDown.toMillis() + " ms after it: two writers");
        }
    }

    @Test
    void killedLeaderThatReleasedItsLease_isReplacedAtOnce() throws Exception {
        Stamps first = new Stamps();
        Stamps second = new Stamps();
        LeaderElectedLabeller leader = replica(client, "replica-a", first);
        try (LeaderElectedLabeller standby = replica(client, "replica-b", second)) {
            leader.start();
            await("replica-a leads", Duration.ofSeconds(30), leader::leading);
            standby.start();
            Thread.sleep(500);

            long stop = System.nanoTime();
            leader.close();
            // fabric8 releases by cutting the Lease to one second from now (holderIdentity stays in the merge patch).
            LeaseSpec released = client.leases().inNamespace(NAMESPACE).withName(LabellerLifecycle.LEASE).get()
                    .getSpec();
            assertTrue(released.getHolderIdentity() == null || released.getHolderIdentity().isEmpty()
                    || released.getLeaseDurationSeconds() == 1, "the Lease was not released on shutdown: " + released);
            await("replica-b takes over", Duration.ofSeconds(1).plus(TIMING.retryPeriod().multipliedBy(3)).plus(SLACK),
                    standby::leading);
            System.out.printf("leader shut down: other replica led after %d ms%n",
                    since(stop, second.started.get()).toMillis());
        }
    }

    @Test
    void killedLeaderThatCouldNotRelease_isReplacedOnceItsLeaseExpires() throws Exception {
        Stamps first = new Stamps();
        Stamps second = new Stamps();
        LeaderElectedLabeller leader = replica(proxied, "replica-a", first);
        try (LeaderElectedLabeller standby = replica(client, "replica-b", second)) {
            leader.start();
            await("replica-a leads", Duration.ofSeconds(30), leader::leading);
            standby.start();
            Thread.sleep(500);

            // A killed process neither renews nor releases: the connection dies with it.
            long kill = System.nanoTime();
            proxy.cut();
            leader.close();
            assertEquals("replica-a", holder());
            await("replica-b takes over", TIMING.leaseDuration().plus(SLACK.multipliedBy(2)), standby::leading);
            System.out.printf("leader killed: other replica led after %d ms%n",
                    since(kill, second.started.get()).toMillis());
        }
    }

    @Test
    void apiServerGoneAndBack_cacheKeepsAnsweringAndTheLeaderReturns() throws Exception {
        createNode(client, "worker-1", "boot-1", "5.15.0-91-generic", Map.of(GuardKeys.STATE, "exhausted"));
        NodeStateCache cache = new NodeStateCache();
        Stamps stamps = new Stamps();
        try (ClusterNodeWatcher watcher = new ClusterNodeWatcher(proxied, cache);
             LeaderElectedLabeller leader = replica(proxied, "replica-a", stamps)) {
            await("the node cache syncs", Duration.ofSeconds(10), cache::synced);
            leader.start();
            await("replica-a leads", Duration.ofSeconds(30), leader::leading);

            proxy.cut();
            long end = System.nanoTime() + OUTAGE.toNanos();
            while (System.nanoTime() < end) {
                assertEquals(NodeRisk.EXHAUSTED, cache.get("worker-1").orElseThrow().effective(),
                        "the cache forgot worker-1 during the outage");
                Thread.sleep(100);
            }
            assertFalse(leader.leading(), "a leader cut off for " + OUTAGE + " still leads");
            createNode(client, "worker-2", "boot-2", "5.15.0-91-generic", Map.of(GuardKeys.STATE, "exhausted"));

            long back = System.nanoTime();
            proxy.restore();
            await("the cache sees the node added during the outage", Duration.ofSeconds(30),
                    () -> cache.get("worker-2").isPresent());
            long cacheBack = System.nanoTime();
            await("replica-a leads again", TIMING.leaseDuration().plus(SLACK.multipliedBy(2)), leader::leading);
            System.out.printf("API server back: cache converged after %d ms, leader again after %d ms%n",
                    since(back, cacheBack).toMillis(), since(back, stamps.started.get()).toMillis());
        }
    }
}
