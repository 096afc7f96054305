package io.cgroupguard.stuckpods;

import io.cgroupguard.labeller.LabellerClusterTest;
import io.cgroupguard.nodestate.GuardKeys;
import io.fabric8.kubernetes.api.model.ContainerStateRunning;
import io.fabric8.kubernetes.api.model.ContainerStateWaiting;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.cgroupguard.labeller.ClusterFixtures.ENOSPC;
import static io.cgroupguard.labeller.ClusterFixtures.annotation;
import static io.cgroupguard.labeller.ClusterFixtures.await;
import static io.cgroupguard.labeller.ClusterFixtures.createNode;
import static io.cgroupguard.labeller.ClusterFixtures.kubeletWarning;
import static io.cgroupguard.labeller.ClusterFixtures.label;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stuck-pod check inside {@code serve}, on the fabric8 mock API server in CRUD mode: once kubelet evidence
 * flags a node, each pod stuck there carries exactly one {@code CgroupExhaustedNode} Event whose count rises,
 * and no other pod is touched.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(LabellerClusterTest.Profile.class)
public class StuckPodsClusterTest {

    static final Duration WAIT = Duration.ofSeconds(30);
    public static final Instant LONG_AGO = Instant.now().minus(Duration.ofMinutes(5));

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    MeterRegistry registry;

    @Test
    void explainsEveryStuckPodOnce_andLeavesTheOthersAlone() throws Exception {
        KubernetesClient client = server.getClient();
        createNode(client, "sp-1", "boot-1", "5.15.0-91-generic", Map.of());
        createNode(client, "sp-2", "boot-1", "5.15.0-91-generic", Map.of());
        pod(client, "shop", "web-1", "sp-1", "Pending", false, LONG_AGO, "ReplicaSet", "web");
        pod(client, "kube-system", "agent-1", "sp-1", "Pending", false, LONG_AGO, "DaemonSet", "agent");
        pod(client, "shop", "bare-1", "sp-1", "Pending", false, LONG_AGO, null, null);
        pod(client, "shop", "running-1", "sp-1", "Running", true, LONG_AGO, "ReplicaSet", "web");
        pod(client, "shop", "fresh-1", "sp-1", "Pending", false, Instant.now().plusSeconds(3600), "ReplicaSet", "web");
        pod(client, "shop", "done-1", "sp-1", "Succeeded", false, LONG_AGO, "Job", "batch");
        pod(client, "shop", "elsewhere-1", "sp-2", "Pending", false, LONG_AGO, "ReplicaSet", "web");
        for (int i = 0; i < 3; i++) {
            kubeletWarning(client, "sp-1-failure-" + i, "sp-1", ENOSPC, 1);
        }

        await("sp-1 labelled exhausted", WAIT, () -> "exhausted".equals(label(client, "sp-1", GuardKeys.STATE)));
        await("the three stuck pods have their Event", WAIT, () -> podEvents(client).size() == 3);
        String reason = annotation(client, "sp-1", GuardKeys.REASON);

        Event web = only(client, "web-1");
        assertEquals("Warning", web.getType());
        assertEquals("Pod", web.getInvolvedObject().getKind());
        assertEquals("shop", web.getMetadata().getNamespace());
        assertEquals(client.pods().inNamespace("shop").withName("web-1").get().getMetadata().getUid(),
                web.getInvolvedObject().getUid());
        assertTrue(web.getMessage().startsWith("Node sp-1 has run out of memory cgroups"), web.getMessage());
        assertTrue(web.getMessage().contains(reason.endsWith(".") ? reason.substring(0, reason.length() - 1)
                : reason), web.getMessage());
        assertTrue(web.getMessage().endsWith("its ReplicaSet web recreates it on another node: "
                + "kubectl delete pod -n shop web-1"), web.getMessage());
        assertTrue(only(client, "agent-1").getMessage().contains("kubectl drain sp-1 --ignore-daemonsets"));
        assertTrue(only(client, "bare-1").getMessage().endsWith("kubectl delete pod -n shop bare-1"));

        await("web-1's Event counts again while it stays stuck", WAIT, () -> only(client, "web-1").getCount() >= 2);
        assertEquals(web.getMetadata().getName(), only(client, "web-1").getMetadata().getName());
        assertEquals(List.of("agent-1", "bare-1", "web-1"), podEvents(client).stream()
                .map(e -> e.getInvolvedObject().getName()).sorted().toList(),
                "running, fresh, finished and other nodes' pods are left alone");
        assertTrue(registry.get("cgroup_guard_stuck_pods_seen").counter().count() >= 3);
        assertTrue(registry.get("cgroup_guard_stuck_pod_events").tag("result", "updated").counter().count() >= 1);
    }

    /** The guard's Events on pods, in every namespace. */
    static List<Event> podEvents(KubernetesClient client) {
        return client.v1().events().inAnyNamespace().list().getItems().stream()
                .filter(e -> StuckPodNotice.REASON.equals(e.getReason()))
                .toList();
    }

    static Event only(KubernetesClient client, String pod) {
        List<Event> events = podEvents(client).stream()
                .filter(e -> pod.equals(e.getInvolvedObject().getName())).toList();
        assertEquals(1, events.size(), "one Event per pod and node state: " + events);
        return events.get(0);
    }

    public static void pod(KubernetesClient client, String namespace, String name, String node, String phase,
                    boolean running, Instant scheduled, String ownerKind, String ownerName) {
        PodBuilder pod = new PodBuilder().withNewMetadata().withNamespace(namespace).withName(name)
                .withUid(UUID.randomUUID().toString()).endMetadata()
                .withNewSpec().withNodeName(node).addNewContainer().withName("app").withImage("app:1").endContainer()
                .endSpec()
                .withNewStatus().withPhase(phase)
                .addNewCondition().withType("PodScheduled").withStatus("True")
                .withLastTransitionTime(scheduled.toString()).endCondition()
                .addToContainerStatuses(new ContainerStatusBuilder().withName("app").withNewState()
                        .withRunning(running ? new ContainerStateRunning() : null)
                        .withWaiting(running ? null : new ContainerStateWaiting(
                                "failed to create pod cgroup", "ContainerCreating"))
                        .endState().build())
                .endStatus();
        if (ownerKind != null) {
            pod.editMetadata().addNewOwnerReference().withApiVersion("apps/v1").withKind(ownerKind)
                    .withName(ownerName).withUid(UUID.randomUUID().toString()).withController(true)
                    .endOwnerReference().endMetadata();
        }
        client.pods().inNamespace(namespace).resource(pod.build()).create();
    }
}
