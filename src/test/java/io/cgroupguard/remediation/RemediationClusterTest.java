package io.cgroupguard.remediation;

import io.cgroupguard.testing.FakeClock;
import io.cgroupguard.kube.EventRecorder;
import io.cgroupguard.kube.GuardedRequests;
import io.cgroupguard.kube.WriteRateLimiter;
import io.cgroupguard.labeller.NodeFacts;
import io.cgroupguard.nodestate.GuardKeys;
import io.cgroupguard.stuckpods.ClientFilteredPodSource;
import io.cgroupguard.stuckpods.PodEventRecorder;
import io.cgroupguard.stuckpods.StuckPodMetrics;
import io.cgroupguard.stuckpods.StuckPodSettings;
import io.cgroupguard.stuckpods.StuckPods;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static io.cgroupguard.stuckpods.StuckPodsClusterTest.LONG_AGO;
import static io.cgroupguard.stuckpods.StuckPodsClusterTest.pod;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Remediation on the fabric8 mock API server (CRUD, plus expectations for {@code pods/eviction}, which the mock
 * does not implement): on an exhausted node with a mix of pods, exactly the eligible ones are evicted, a
 * disruption budget's 429 is tried again later and never forced, and dry-run evicts nothing. Built from the
 * classes the labeller wires, without Quarkus, driven by sweeps and a clock the test moves.
 */
@EnableKubernetesMockClient(crud = true)
class RemediationClusterTest {

    KubernetesMockServer server;
    KubernetesClient client;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final FakeClock clock = new FakeClock(EvictionBudgetTest.START);

    StuckPods remediating(boolean dryRun) {
        clock.set(Instant.now());
        GuardedRequests requests = new GuardedRequests(client, () -> true, new WriteRateLimiter(1000));
        PodEventRecorder events = new PodEventRecorder(new EventRecorder(requests, "test", clock));
        StuckPodMetrics metrics = new StuckPodMetrics(registry);
        RemediationSettings settings = new RemediationSettings(true, dryRun, Duration.ofMinutes(2), 10, 5,
                Duration.ofMinutes(1), Set.of("kube-system"));
        StuckPods stuck = new StuckPods(client, new ClientFilteredPodSource(), events, StuckPodSettings.defaults(),
                metrics, new Remediator(requests, events, settings, new RemediationMetrics(registry), clock), clock);
        Node node = new NodeBuilder().withNewMetadata().withName("w1").withUid("node-uid")
                .withLabels(Map.of(GuardKeys.STATE, "exhausted"))
                .withAnnotations(Map.of(GuardKeys.REASON, "the node agent reports 65535 of 65535 ids in use",
                        GuardKeys.SINCE, LONG_AGO.minusSeconds(600).toString()))
                .endMetadata().build();
        NodeFacts facts = NodeFacts.of(node);
        stuck.node(facts.state(), facts.since());
        return stuck;
    }

    void mixOfPods() {
        pod(client, "shop", "web-1", "w1", "Pending", false, LONG_AGO, "ReplicaSet", "web");
        pod(client, "shop", "guarded-1", "w1", "Pending", false, LONG_AGO, "StatefulSet", "guarded");
        pod(client, "shop", "agent-1", "w1", "Pending", false, LONG_AGO, "DaemonSet", "agent");
        pod(client, "shop", "bare-1", "w1", "Pending", false, LONG_AGO, null, null);
        pod(client, "kube-system", "dns-1", "w1", "Pending", false, LONG_AGO, "ReplicaSet", "dns");
        pod(client, "shop", "exempt-1", "w1", "Pending", false, LONG_AGO, "ReplicaSet", "web");
        client.pods().inNamespace("shop").withName("exempt-1").edit(p -> {
            p.getMetadata().setLabels(Map.of(GuardKeys.EXEMPT, "true"));
            return p;
        });
        pod(client, "shop", "running-1", "w1", "Running", true, LONG_AGO, "ReplicaSet", "web");
    }

    @Test
    void evictsExactlyTheEligible_andRetriesARefusalLater_neverForcing() throws Exception {
        expectEviction("web-1", 201);
        expectEviction("guarded-1", 429);
        expectEviction("guarded-1", 201);
        mixOfPods();
        StuckPods stuck = remediating(false);

        sweepUntil(stuck, () -> events(Remediator.EVICTED).size() == 1 && count("cgroup_guard_evictions", "result",
                "refused") == 1);
        assertEquals("web-1", events(Remediator.EVICTED).get(0).getInvolvedObject().getName());
        assertTrue(events(Remediator.EVICTED).get(0).getMessage().contains("so that its ReplicaSet web recreates it "
                + "on another node"), events(Remediator.EVICTED).get(0).getMessage());
        assertEquals(List.of("shop/guarded-1", "shop/web-1"), evictionRequests());
        for (String cause : List.of("daemonset", "no-controller", "exempt-namespace", "exempt-label")) {
            assertEquals(1, count("cgroup_guard_evictions_skipped", "cause", cause), cause);
        }
        stuck.sweep();
        assertEquals(List.of(), evictionRequests(), "a refused pod waits; an evicted one is not evicted again");

        // The evicted pod goes, as the API server's eviction would make it; a minute on, the refusal is retried.
        client.pods().inNamespace("shop").withName("web-1").delete();
        Thread.sleep(1000);
        clock.advance(Duration.ofSeconds(61));
        sweepUntil(stuck, () -> events(Remediator.EVICTED).size() == 2);
        assertEquals(List.of("shop/guarded-1"), evictionRequests());
        assertEquals(2, count("cgroup_guard_evictions", "result", "evicted"));
        assertTrue(client.pods().inNamespace("shop").withName("guarded-1").get() != null, "never deleted instead");
    }

    @Test
    void dryRunNamesTheEvictionOnce_andEvictsNothing() throws Exception {
        mixOfPods();
        StuckPods stuck = remediating(true);

        sweepUntil(stuck, () -> events(Remediator.WOULD_EVICT).size() == 2);
        stuck.sweep();
        assertEquals(List.of("guarded-1", "web-1"), events(Remediator.WOULD_EVICT).stream()
                .map(e -> e.getInvolvedObject().getName()).sorted().toList());
        assertEquals(List.of(), evictionRequests());
        assertEquals(2, count("cgroup_guard_evictions", "result", "dry-run"));
    }

    void expectEviction(String pod, int code) {
        server.expect().post().withPath("/api/v1/namespaces/shop/pods/" + pod + "/eviction")
                .andReturn(code, new StatusBuilder().withCode(code).withStatus(code == 201 ? "Success" : "Failure")
                        .withMessage(code == 201 ? "" : "Cannot evict pod as it would violate the pod's disruption "
                                + "budget.").build())
                .once();
    }

    /** The eviction requests the server received since last asked, as {@code namespace/pod}, sorted. */
    List<String> evictionRequests() throws InterruptedException {
        List<String> pods = new ArrayList<>();
        RecordedRequest request;
        while ((request = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            String path = request.getPath();
            if (path.endsWith("/eviction")) {
                String[] parts = path.split("/");
                pods.add(parts[4] + "/" + parts[6]);
            }
        }
        return pods.stream().sorted().toList();
    }

    List<Event> events(String reason) {
        return client.v1().events().inAnyNamespace().list().getItems().stream()
                .filter(e -> reason.equals(e.getReason())).toList();
    }

    double count(String name, String tag, String value) {
        var counter = registry.find(name).tag(tag, value).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Sweeps until the condition holds: the pod informer lists in the background. */
    void sweepUntil(StuckPods stuck, java.util.function.BooleanSupplier condition) throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        while (Instant.now().isBefore(deadline)) {
            stuck.sweep();
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("not within 20s");
    }
}
