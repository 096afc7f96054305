package io.cgroupguard.labeller;

import io.cgroupguard.nodestate.CgroupExhaustedCondition;
import io.cgroupguard.nodestate.ExhaustionForecast;
import io.cgroupguard.nodestate.GuardKeys;
import io.cgroupguard.testing.Management;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
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
import java.util.Set;

import static io.cgroupguard.labeller.ClusterFixtures.ENOSPC;
import static io.cgroupguard.labeller.ClusterFixtures.annotation;
import static io.cgroupguard.labeller.ClusterFixtures.await;
import static io.cgroupguard.labeller.ClusterFixtures.createNode;
import static io.cgroupguard.labeller.ClusterFixtures.guardEvents;
import static io.cgroupguard.labeller.ClusterFixtures.kubeletWarning;
import static io.cgroupguard.labeller.ClusterFixtures.label;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The labeller inside {@code serve}, on the fabric8 mock API server in CRUD mode: it wins the Lease, and labels,
 * annotations and node Events follow kubelet evidence, the agent's condition, kernels, reboots and overrides.
 */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@TestProfile(LabellerClusterTest.Profile.class)
class LabellerClusterTest {

    /**
     * The labeller on, quick to notice time passing, with the test-side event and pod sources (see their
     * Javadoc). {@link StuckPodsClusterTest} shares it, so Quarkus boots once for both.
     */
    public static class Profile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cgroup-guard.labeller.enabled", "true",
                    "cgroup-guard.labeller.resync-interval", "1s",
                    "cgroup-guard.labeller.writes-per-second", "100",
                    "cgroup-guard.labeller.retry-period", "500ms",
                    "cgroup-guard.stuck-pods.repeat-interval", "2s");
        }

        @Override
        public Set<Class<?>> getEnabledAlternatives() {
            return Set.of(ClientFilteredEventSource.class, ClientFilteredPodSource.class);
        }
    }

    static final Duration WAIT = Duration.ofSeconds(30);

    @KubernetesTestServer
    KubernetesServer server;

    @Inject
    LabellerLifecycle lifecycle;

    @Test
    void flagsANodeFromKubeletEvidence_andClearsItOnReboot() throws Exception {
        KubernetesClient client = server.getClient();
        createNode(client, "lb-1", "boot-1", "5.15.0-91-generic", Map.of("kubernetes.io/hostname", "lb-1"));
        for (int i = 0; i < 3; i++) {
            kubeletWarning(client, "lb-1-failure-" + i, "lb-1", ENOSPC, 1);
        }

        await("lb-1 labelled exhausted", WAIT, () -> "exhausted".equals(label(client, "lb-1", GuardKeys.STATE)));
        assertTrue(lifecycle.candidate().orElseThrow().leading());
        String reason = annotation(client, "lb-1", GuardKeys.REASON);
        assertTrue(reason.contains("kubelet reported 3 failed cgroup creations in the last 10m"), reason);
        Instant since = Instant.parse(annotation(client, "lb-1", GuardKeys.SINCE));
        assertTrue(since.isAfter(Instant.now().minus(WAIT)), "since " + since);
        assertEquals("boot-1", annotation(client, "lb-1", GuardKeys.BOOT_ID));
        assertEquals("lb-1", label(client, "lb-1", "kubernetes.io/hostname"), "other labels are left alone");
        assertNull(label(client, "lb-1", GuardKeys.OVERRIDE));
        await("one CgroupExhausted Event on lb-1", WAIT, () -> guardEvents(client, "lb-1").size() == 1);
        Event flagged = guardEvents(client, "lb-1").get(0);
        assertEquals("CgroupExhausted", flagged.getReason());
        assertEquals("Warning", flagged.getType());
        assertEquals("Node", flagged.getInvolvedObject().getKind());
        assertEquals(reason, flagged.getMessage());
        assertTrue(Management.value("cgroup_guard_labeller_evidence_seen_total") >= 3, "evidence counted");
        assertTrue(Management.value("cgroup_guard_labeller_state_changes_total{to=\"exhausted\"}") >= 1,
                "state change counted");
        await("the node cache counts lb-1 exhausted", WAIT,
                () -> Management.value("cgroup_guard_nodes{state=\"exhausted\"}") >= 1);
        assertTrue(Management.value("cgroup_guard_node_cache_last_update_timestamp_seconds")
                > Instant.now().minus(WAIT).getEpochSecond(), "the cache heard from the API server lately");

        client.nodes().withName("lb-1").edit(n -> {
            n.getStatus().getNodeInfo().setBootID("boot-2");
            return n;
        });
        await("lb-1 cleared after the reboot", WAIT, () -> "healthy".equals(label(client, "lb-1", GuardKeys.STATE)));
        assertTrue(annotation(client, "lb-1", GuardKeys.REASON).contains("rebooted since it was flagged"));
        await("a CgroupRecovered Event on lb-1", WAIT, () -> guardEvents(client, "lb-1").stream()
                .anyMatch(e -> e.getReason().equals("CgroupRecovered")));
    }

    @Test
    void overridesWinBothWays_andAreNeverWritten() throws Exception {
        KubernetesClient client = server.getClient();
        createNode(client, "lb-2", "boot-1", "5.15.0-91-generic", Map.of(GuardKeys.OVERRIDE, "healthy"));
        kubeletWarning(client, "lb-2-failure", "lb-2", ENOSPC, 70);
        await("lb-2's reason names the override", WAIT, () -> String.valueOf(annotation(client, "lb-2",
                GuardKeys.REASON)).startsWith("an operator set cgroup-guard.io/override=healthy; the evidence "
                + "alone says exhausted"));
        assertTrue(List.of("healthy", "null").contains(String.valueOf(label(client, "lb-2", GuardKeys.STATE))));
        assertEquals("healthy", label(client, "lb-2", GuardKeys.OVERRIDE));

        createNode(client, "lb-3", "boot-1", "5.15.0-91-generic", Map.of());
        client.nodes().withName("lb-3").edit(n -> {
            n.getMetadata().getLabels().put(GuardKeys.OVERRIDE, "exhausted");
            return n;
        });
        await("lb-3 blocked by its override", WAIT, () -> "exhausted".equals(label(client, "lb-3", GuardKeys.STATE)));
        assertTrue(annotation(client, "lb-3", GuardKeys.REASON).startsWith(LabelDecider.OVERRIDDEN + "exhausted"));
        client.nodes().withName("lb-3").edit(n -> {
            n.getMetadata().getLabels().remove(GuardKeys.OVERRIDE);
            return n;
        });
        await("lb-3 healthy once the override is gone", WAIT,
                () -> "healthy".equals(label(client, "lb-3", GuardKeys.STATE)));
        await("lb-3 has an exhausted and a recovered Event", WAIT, () -> guardEvents(client, "lb-3").stream()
                .map(Event::getReason).toList().containsAll(List.of("CgroupExhausted", "CgroupRecovered")));
    }

    @Test
    void followsTheAgentAndOldKernels_andIgnoresAFullDisk() throws Exception {
        KubernetesClient client = server.getClient();
        Node agentSaysExhausted = ClusterFixtures.node("lb-4", "boot-1", "5.15.0-91-generic", Map.of());
        agentSaysExhausted.getStatus().setConditions(List.of(new NodeConditionBuilder().withType(CgroupExhaustedCondition.TYPE)
                .withStatus("True").withReason(CgroupExhaustedCondition.EXHAUSTED).withMessage("65535 of 65535 ids in use")
                .withLastTransitionTime(Instant.now().toString()).build()));
        client.nodes().resource(agentSaysExhausted).create();
        createNode(client, "lb-5", "boot-1", "3.10.0-1160.el7.x86_64", Map.of());
        createNode(client, "lb-6", "boot-1", "5.15.0-91-generic", Map.of());
        kubeletWarning(client, "lb-6-disk", "lb-6", "Failed to pull image \"app:1\": write "
                + "/var/lib/docker/tmp/GetImageBlob1: no space left on device", 9);

        await("lb-4 exhausted from the agent", WAIT, () -> "exhausted".equals(label(client, "lb-4", GuardKeys.STATE)));
        assertTrue(annotation(client, "lb-4", GuardKeys.REASON).contains("65535 of 65535 ids in use"));
        await("lb-5 at-risk from its kernel", WAIT, () -> "at-risk".equals(label(client, "lb-5", GuardKeys.STATE)));
        await("a CgroupAtRisk Event on lb-5", WAIT, () -> guardEvents(client, "lb-5").stream()
                .anyMatch(e -> e.getReason().equals("CgroupAtRisk")));
        Thread.sleep(2000);
        assertNull(label(client, "lb-6", GuardKeys.STATE), "a full disk is not evidence");
        assertEquals(0, guardEvents(client, "lb-6").size());
    }

    @Test
    void marksAForecastNodeAtRiskWithExhaustedBy_andRemovesItWhenTheForecastGoes() throws Exception {
        KubernetesClient client = server.getClient();
        String runsOut = "2026-11-28T06:00:00Z";
        Node forecast = ClusterFixtures.node("lb-7", "boot-1", "5.15.0-91-generic", Map.of());
        forecast.getStatus().setConditions(List.of(agentCondition(CgroupExhaustedCondition.AT_RISK,
                "30000 of 65535 memory cgroup ids in use; "
                        + new ExhaustionForecast(1200, Instant.parse(runsOut)).phrase())));
        client.nodes().resource(forecast).create();

        await("lb-7 at-risk with exhausted-by", WAIT, () -> "at-risk".equals(label(client, "lb-7", GuardKeys.STATE))
                && runsOut.equals(annotation(client, "lb-7", GuardKeys.EXHAUSTED_BY)));
        assertTrue(annotation(client, "lb-7", GuardKeys.REASON).contains("leaking 1200.0 memory cgroup ids per hour"));

        client.nodes().withName("lb-7").edit(n -> {
            n.getStatus().setConditions(List.of(agentCondition(CgroupExhaustedCondition.AVAILABLE,
                    "3000 of 65535 memory cgroup ids in use")));
            return n;
        });
        await("lb-7 healthy without exhausted-by", WAIT, () -> "healthy".equals(label(client, "lb-7", GuardKeys.STATE))
                && annotation(client, "lb-7", GuardKeys.EXHAUSTED_BY) == null);
    }

    private static NodeCondition agentCondition(String reason, String message) {
        return new NodeConditionBuilder().withType(CgroupExhaustedCondition.TYPE).withStatus("False")
                .withReason(reason).withMessage(message).withLastTransitionTime(Instant.now().toString()).build();
    }
}
