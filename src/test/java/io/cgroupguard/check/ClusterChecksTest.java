package io.cgroupguard.check;

import io.cgroupguard.nodestate.CgroupExhaustedCondition;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cgroupguard.certs.CertificateGenerator;
import io.cgroupguard.certs.CertificateSpec;
import io.cgroupguard.certs.GeneratedCertificates;
import io.cgroupguard.cli.Commands;
import io.cgroupguard.nodestate.GuardKeys;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeListBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfigurationBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code check} against the fabric8 mock API server, answering as a working install would and as broken ones
 * would. What the mock cannot do is call the webhook: its dry-run answer is scripted here; a real cluster's
 * API server is what proves the webhook is called (see docs/monitoring.md).
 */
@EnableKubernetesMockClient
class ClusterChecksTest {

    static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    KubernetesMockServer server;
    KubernetesClient client;
    GeneratedCertificates certs;
    TlsServer webhook;

    @BeforeEach
    void serveTheWebhooksCertificate() throws Exception {
        certs = new CertificateGenerator(Clock.systemUTC()).generate(CertificateSpec.defaults());
        webhook = new TlsServer(certs);
    }

    @AfterEach
    void stop() throws Exception {
        webhook.close();
    }

    String caBundle() throws Exception {
        return Base64.getEncoder().encodeToString(ServingCertificateCheckTest.pem(certs));
    }

    void workingInstall(String mutatePath, boolean guardPatches, int readyReplicas, Instant conditionBeat)
            throws Exception {
        String ca = caBundle();
        server.expect().get().withPath("/apis/admissionregistration.k8s.io/v1/mutatingwebhookconfigurations/cgroup-guard")
                .andReturn(200, new MutatingWebhookConfigurationBuilder().withNewMetadata().withName("cgroup-guard")
                        .endMetadata().addNewWebhook().withName("mutate.cgroup-guard.io").withNewClientConfig()
                        .withCaBundle(ca).withNewService().withNamespace("cgroup-guard").withName("cgroup-guard")
                        .withPath(mutatePath).withPort(443).endService().endClientConfig().endWebhook().build())
                .always();
        server.expect().get().withPath("/apis/admissionregistration.k8s.io/v1/validatingwebhookconfigurations/cgroup-guard")
                .andReturn(200, new ValidatingWebhookConfigurationBuilder().withNewMetadata().withName("cgroup-guard")
                        .endMetadata().addNewWebhook().withName("validate.cgroup-guard.io").withNewClientConfig()
                        .withCaBundle(ca).withNewService().withNamespace("cgroup-guard").withName("cgroup-guard")
                        .withPath("/validate").withPort(443).endService().endClientConfig().endWebhook().build())
                .always();
        server.expect().get().withPath("/apis/apps/v1/namespaces/cgroup-guard/deployments/cgroup-guard")
                .andReturn(200, new DeploymentBuilder().withNewMetadata().withName("cgroup-guard").endMetadata()
                        .withNewSpec().withReplicas(2).endSpec().withNewStatus().withReadyReplicas(readyReplicas)
                        .endStatus().build()).always();
        server.expect().get().withPath("/apis/coordination.k8s.io/v1/namespaces/cgroup-guard/leases/cgroup-guard")
                .andReturn(200, new LeaseBuilder().withNewMetadata().withName("cgroup-guard").endMetadata()
                        .withNewSpec().withHolderIdentity("cgroup-guard-7d9f-abc12345").withLeaseDurationSeconds(15)
                        .withRenewTime(ZonedDateTime.ofInstant(NOW.minusSeconds(3), ZoneOffset.UTC)).endSpec().build())
                .always();
        server.expect().get().withPath("/api/v1/nodes")
                .andReturn(200, new NodeListBuilder().addToItems(
                        node("linux-1", "linux", Optional.of(conditionBeat)),
                        node("windows-1", "windows", Optional.empty())).build()).always();
        PodBuilder answered = new PodBuilder().withNewMetadata().withName("cgroup-guard-check").withNamespace("default")
                .endMetadata();
        answered = guardPatches
                ? answered.withNewSpec().withNewAffinity().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution().addNewNodeSelectorTerm().addNewMatchExpression()
                .withKey(GuardKeys.STATE).withOperator("NotIn").withValues("exhausted").endMatchExpression()
                .endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity()
                .endAffinity().addNewContainer().withName("check").endContainer().endSpec()
                : answered.withNewSpec().addNewContainer().withName("check").endContainer().endSpec();
        server.expect().post().withPath("/api/v1/namespaces/default/pods?dryRun=All").andReturn(201, answered.build())
                .always();
    }

    static io.fabric8.kubernetes.api.model.Node node(String name, String os, Optional<Instant> beat) {
        NodeBuilder node = new NodeBuilder().withNewMetadata().withName(name).addToLabels("kubernetes.io/os", os)
                .endMetadata().withNewStatus().addNewCondition().withType("Ready").withStatus("True").endCondition()
                .endStatus();
        beat.ifPresent(b -> node.editStatus().addNewCondition().withType(CgroupExhaustedCondition.TYPE).withStatus("False")
                .withLastHeartbeatTime(b.toString()).endCondition().endStatus());
        return node.build();
    }

    List<CheckResult> check() {
        return new ClusterChecks(client, new ClusterChecks.Target("cgroup-guard", "cgroup-guard", "default",
                Optional.of("127.0.0.1"), webhook.port(), Duration.ofMinutes(15))).all(NOW);
    }

    static Map<String, Boolean> outcomes(List<CheckResult> results) {
        Map<String, Boolean> byName = new java.util.LinkedHashMap<>();
        results.forEach(r -> byName.put(r.name(), r.ok()));
        return byName;
    }

    @Test
    void aWorkingInstall_passesEveryCheck() throws Exception {
        workingInstall("/mutate", true, 2, NOW.minusSeconds(60));

        List<CheckResult> results = check();

        assertEquals(List.of("webhook-configurations", "serving-certificate", "replicas-ready", "labeller-leader",
                "agents-reporting", "dry-run-admission"), results.stream().map(CheckResult::name).toList());
        assertTrue(results.stream().allMatch(CheckResult::ok), results.toString());
        assertEquals("1 of 1 Linux nodes have a CgroupExhausted condition younger than 15m", results.get(4).detail());
    }

    @Test
    void aBrokenInstall_failsTheChecksThatSeeIt() throws Exception {
        // The mutating webhook calls the wrong path, one replica is not ready, the agent went silent, and the
        // dry-run pod comes back untouched (the webhook was not called, or its failure was ignored).
        workingInstall("/validate", false, 1, NOW.minus(Duration.ofHours(1)));

        Map<String, Boolean> outcomes = outcomes(check());

        assertEquals(Map.of("webhook-configurations", false, "serving-certificate", true, "replicas-ready", false,
                "labeller-leader", true, "agents-reporting", false, "dry-run-admission", false), outcomes);
    }

    @Test
    void nothingInstalled_failsEveryCheck_andTheCommandExitsOne() throws Exception {
        Map<String, String> properties = Map.of("kubernetes.master", client.getConfiguration().getMasterUrl(),
                "kubernetes.trust.certificates", "true", "kubernetes.auth.tryKubeConfig", "false",
                "kubernetes.auth.tryServiceAccount", "false");
        properties.forEach(System::setProperty);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status;
        try {
            status = Commands.run(new String[] {"check", "--output", "json", "--service-url",
                    "https://127.0.0.1:" + webhook.port()}, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        } finally {
            properties.keySet().forEach(System::clearProperty);
        }

        assertEquals(1, status);
        JsonNode report = new ObjectMapper().readTree(out.toString(StandardCharsets.UTF_8));
        assertFalse(report.path("ok").asBoolean());
        assertEquals(6, report.path("checks").size());
        report.path("checks").forEach(c -> assertFalse(c.path("ok").asBoolean(), c.toString()));
    }
}
