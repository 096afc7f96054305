package io.cgroupguard.manifests;

import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * manifests/components/network-policy, rendered into the install as a person adds it, and what the chart's
 * networkPolicy values change in the same policies (ChartAgreesWithKustomizeTest proves their default equal).
 */
class NetworkPolicyTest {

    private static final String COMPONENT = "network-policy";

    @Test
    void addsTwoPolicies_andChangesNothingElse() {
        InstallObjects plain = InstallSources.rendered(InstallSources.INSTALL);
        InstallObjects with = InstallSources.renderedWithComponent(COMPONENT);

        assertEquals(Set.of("cgroup-guard-webhook", "cgroup-guard-agent"), names(with.all(NetworkPolicy.class)));
        List<HasMetadata> others = with.all(HasMetadata.class).stream()
                .filter(o -> !(o instanceof NetworkPolicy)).toList();
        assertEquals(keys(plain.all(HasMetadata.class)), keys(others));
        assertEquals(Set.copyOf(plain.all(HasMetadata.class)), Set.copyOf(others), "same objects, field for field");
    }

    @Test
    void webhookPolicy_selectsTheWebhookPods_andOpensItsHttpsPortToAnyone() {
        InstallObjects install = InstallSources.renderedWithComponent(COMPONENT);
        NetworkPolicy policy = install.one(NetworkPolicy.class, "cgroup-guard-webhook");
        Deployment webhook = install.one(Deployment.class, WebhookRegistrationTest.NAME);

        assertTrue(LabelSelectors.matches(policy.getSpec().getPodSelector(),
                webhook.getSpec().getTemplate().getMetadata().getLabels()));
        assertFalse(LabelSelectors.matches(policy.getSpec().getPodSelector(), agentLabels(install)));
        int https = containerPort(webhook.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts(),
                "https");
        NetworkPolicyIngressRule open = policy.getSpec().getIngress().stream()
                .filter(rule -> ports(rule).contains(https)).findFirst().orElseThrow();
        assertTrue(open.getFrom() == null || open.getFrom().isEmpty(),
                "the API server may call from anywhere the control plane runs");
        assertEquals(Set.of(https), ports(open), "only the webhook port is open to anyone");
    }

    @Test
    void everyOtherRule_admitsOnlyASelectedNamespace_andOnlyIngressIsLimited() {
        InstallObjects install = InstallSources.renderedWithComponent(COMPONENT);
        Deployment webhook = install.one(Deployment.class, WebhookRegistrationTest.NAME);
        int https = containerPort(webhook.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts(),
                "https");

        for (NetworkPolicy policy : install.all(NetworkPolicy.class)) {
            assertEquals(List.of("Ingress"), policy.getSpec().getPolicyTypes(),
                    "egress stays open: the guard must reach the API server");
            assertEquals("cgroup-guard", policy.getMetadata().getNamespace());
            for (NetworkPolicyIngressRule rule : policy.getSpec().getIngress()) {
                if (ports(rule).equals(Set.of(https))) {
                    continue;
                }
                assertFalse(rule.getFrom() == null || rule.getFrom().isEmpty(),
                        policy.getMetadata().getName() + " opens " + ports(rule) + " to anyone");
                rule.getFrom().forEach(peer -> assertFalse(peer.getNamespaceSelector() == null
                                || peer.getNamespaceSelector().getMatchLabels() == null
                                || peer.getNamespaceSelector().getMatchLabels().isEmpty(),
                        policy.getMetadata().getName() + " admits every namespace on " + ports(rule)));
            }
        }
    }

    @Test
    void agentPolicy_selectsTheAgentPods_andCoversTheirHttpPort() {
        InstallObjects install = InstallSources.renderedWithComponent(COMPONENT);
        NetworkPolicy policy = install.one(NetworkPolicy.class, "cgroup-guard-agent");
        DaemonSet agent = install.one(DaemonSet.class, "cgroup-guard-agent");

        assertTrue(LabelSelectors.matches(policy.getSpec().getPodSelector(), agentLabels(install)));
        int http = containerPort(agent.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts(), "http");
        assertTrue(policy.getSpec().getIngress().stream().anyMatch(rule -> ports(rule).contains(http)));
    }

    @Test
    void chartPolicy_followsTheWebhookPort_andAdmitsOnlyTheNamedCallersThere() {
        InstallObjects install = HelmChart.rendered(Map.of("networkPolicy.enabled", true, "webhook.port", 9443,
                "networkPolicy.webhookFrom[0].ipBlock.cidr", "10.0.0.0/24"));
        NetworkPolicy policy = install.one(NetworkPolicy.class, "cgroup-guard-webhook");
        Deployment webhook = install.one(Deployment.class, WebhookRegistrationTest.NAME);
        int https = containerPort(webhook.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts(),
                "https");

        assertEquals(9443, https);
        NetworkPolicyIngressRule rule = policy.getSpec().getIngress().stream()
                .filter(r -> ports(r).contains(https)).findFirst().orElseThrow();
        assertEquals(List.of("10.0.0.0/24"), rule.getFrom().stream().map(p -> p.getIpBlock().getCidr()).toList());
    }

    @Test
    void chartWithoutTheAgent_hasNoAgentPolicy() {
        InstallObjects install = HelmChart.rendered(Map.of("networkPolicy.enabled", true, "agent.enabled", false));

        assertEquals(Set.of("cgroup-guard-webhook"), names(install.all(NetworkPolicy.class)));
    }

    private static Map<String, String> agentLabels(InstallObjects install) {
        return install.one(DaemonSet.class, "cgroup-guard-agent").getSpec().getTemplate().getMetadata().getLabels();
    }

    private static int containerPort(List<ContainerPort> ports, String name) {
        return ports.stream().filter(p -> name.equals(p.getName())).findFirst().orElseThrow().getContainerPort();
    }

    private static Set<Integer> ports(NetworkPolicyIngressRule rule) {
        return rule.getPorts().stream().map(NetworkPolicyPort::getPort).map(IntOrString::getIntVal)
                .collect(Collectors.toSet());
    }

    private static Set<String> names(List<NetworkPolicy> policies) {
        return policies.stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet());
    }

    private static Set<String> keys(List<HasMetadata> objects) {
        return objects.stream().map(o -> o.getKind() + "/" + o.getMetadata().getNamespace() + "/"
                + o.getMetadata().getName()).collect(Collectors.toSet());
    }
}
