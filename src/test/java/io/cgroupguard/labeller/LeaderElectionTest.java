package io.cgroupguard.labeller;

import io.cgroupguard.nodestate.ClusterNodeWatcher;
import io.cgroupguard.nodestate.GuardKeys;
import io.cgroupguard.nodestate.NodeState;
import io.cgroupguard.nodestate.NodeStateCache;
import io.cgroupguard.remediation.RemediationMetrics;
import io.cgroupguard.remediation.RemediationSettings;
import io.cgroupguard.stuckpods.ClientFilteredPodSource;
import io.cgroupguard.stuckpods.StuckPodMetrics;
import io.cgroupguard.stuckpods.StuckPodSettings;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Set;

import static io.cgroupguard.labeller.ClusterFixtures.ENOSPC;
import static io.cgroupguard.labeller.ClusterFixtures.await;
import static io.cgroupguard.labeller.ClusterFixtures.createNode;
import static io.cgroupguard.labeller.ClusterFixtures.guardEvents;
import static io.cgroupguard.labeller.ClusterFixtures.kubeletWarning;
import static io.cgroupguard.labeller.ClusterFixtures.label;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A replica without the Lease writes nothing; the same replica writes once it holds the Lease, and stops the
 * moment another holder takes it. On the fabric8 mock API server in CRUD mode, without Quarkus: the replica is
 * built from the same classes the application wires.
 */
@EnableKubernetesMockClient(crud = true)
class LeaderElectionTest {

    static final String NAMESPACE = "cgroup-guard";

    KubernetesMockServer server;
    KubernetesClient client;

    LeaderElectedLabeller replica(ClusterNodeWatcher nodes, String identity) {
        return new LeaderElectedLabeller(client, NAMESPACE, LabellerLifecycle.LEASE,
                new LeaderElectedLabeller.Timing(Duration.ofSeconds(4), Duration.ofMillis(1500), Duration.ofMillis(300)),
                new Labeller.Inputs(nodes, new ClientFilteredEventSource(), new ClientFilteredPodSource(),
                        new StuckPodMetrics(new SimpleMeterRegistry()), new LabellerMetrics(new SimpleMeterRegistry()),
                        new RemediationMetrics(new SimpleMeterRegistry())),
                new Labeller.Options(LabellerSettings.defaults(), false, 50, Duration.ofSeconds(1), identity,
                        StuckPodSettings.defaults(), RemediationSettings.off(Set.of("kube-system"))));
    }

    /**
     * Puts the Lease in another replica's hands, freshly renewed and valid for an hour. The replica renews the
     * Lease concurrently, so a write may meet a conflict; like any Lease writer, retry on the latest version.
     */
    void leaseHeldBy(String holder) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            try {
                writeLease(holder);
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 20) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    private void writeLease(String holder) {
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        Lease current = client.leases().inNamespace(NAMESPACE).withName(LabellerLifecycle.LEASE).get();
        Lease lease = new LeaseBuilder().withNewMetadata().withName(LabellerLifecycle.LEASE).withNamespace(NAMESPACE)
                .endMetadata().withNewSpec().withHolderIdentity(holder).withLeaseDurationSeconds(3600)
                .withAcquireTime(now).withRenewTime(now).withLeaseTransitions(1).endSpec().build();
        if (current == null) {
            client.leases().inNamespace(NAMESPACE).resource(lease).create();
        } else {
            client.leases().inNamespace(NAMESPACE).withName(LabellerLifecycle.LEASE).edit(l -> {
                l.setSpec(lease.getSpec());
                return l;
            });
        }
    }

    @Test
    void writesOnlyWhileHoldingTheLease() throws Exception {
        leaseHeldBy("other-replica");
        createNode(client, "worker-1", "boot-1", "5.15.0-91-generic", Map.of());
        kubeletWarning(client, "e1", "worker-1", ENOSPC, 5);

        try (ClusterNodeWatcher nodes = new ClusterNodeWatcher(client, new NodeStateCache());
             LeaderElectedLabeller standby = replica(nodes, "standby")) {
            standby.start();
            Thread.sleep(3000);
            assertFalse(standby.leading());
            assertNull(label(client, "worker-1", GuardKeys.STATE), "a standby replica labelled a node");
            assertEquals(0, guardEvents(client, "worker-1").size(), "a standby replica recorded an Event");

            // The holder releases the Lease: the same replica now labels the node it left alone.
            leaseHeldBy("");
            await("the replica takes the Lease and flags worker-1", Duration.ofSeconds(20),
                    () -> "exhausted".equals(label(client, "worker-1", GuardKeys.STATE)));
            await("one CgroupExhausted Event on worker-1", Duration.ofSeconds(5),
                    () -> guardEvents(client, "worker-1").size() == 1);

            // Another replica takes the Lease over: writing stops.
            leaseHeldBy("other-replica");
            await("the replica notices it lost the Lease", Duration.ofSeconds(10), () -> !standby.leading());
            createNode(client, "worker-2", "boot-2", "5.15.0-91-generic", Map.of());
            kubeletWarning(client, "e2", "worker-2", ENOSPC, 5);
            Thread.sleep(3000);
            assertNull(label(client, "worker-2", GuardKeys.STATE), "a replica that lost the Lease wrote");
            assertEquals(0, guardEvents(client, "worker-2").size());
        }
    }

    @Test
    void cacheWatchesThroughLeadershipChanges_andEachTermSeesEveryNode() throws Exception {
        createNode(client, "worker-1", "boot-1", "5.15.0-91-generic", Map.of());
        kubeletWarning(client, "e1", "worker-1", ENOSPC, 5);
        NodeStateCache cache = new NodeStateCache();

        try (ClusterNodeWatcher nodes = new ClusterNodeWatcher(client, cache);
             LeaderElectedLabeller replica = replica(nodes, "replica-a")) {
            replica.start();
            await("the first term flags worker-1", Duration.ofSeconds(20),
                    () -> "exhausted".equals(label(client, "worker-1", GuardKeys.STATE)));
            await("the cache, on the same watch, sees the label", Duration.ofSeconds(5),
                    () -> cache.get("worker-1").map(NodeState::exhausted).orElse(false));

            leaseHeldBy("other-replica");
            await("the replica notices it lost the Lease", Duration.ofSeconds(10), () -> !replica.leading());
            createNode(client, "worker-2", "boot-2", "5.15.0-91-generic", Map.of());
            kubeletWarning(client, "e2", "worker-2", ENOSPC, 5);
            await("the cache keeps watching without the labeller", Duration.ofSeconds(5),
                    () -> cache.get("worker-2").isPresent());
            assertNull(label(client, "worker-2", GuardKeys.STATE), "a replica that lost the Lease wrote");

            // The next term subscribes afresh: it is replayed worker-2, which arrived while no labeller listened.
            leaseHeldBy("");
            await("the second term flags worker-2", Duration.ofSeconds(20),
                    () -> "exhausted".equals(label(client, "worker-2", GuardKeys.STATE)));
            await("the cache sees it", Duration.ofSeconds(5),
                    () -> cache.get("worker-2").map(NodeState::exhausted).orElse(false));
            assertEquals(1, guardEvents(client, "worker-1").size(), "the second term announced worker-1 again");
        }
    }
}
