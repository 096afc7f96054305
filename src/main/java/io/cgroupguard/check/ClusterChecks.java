package io.cgroupguard.check;

import io.cgroupguard.nodestate.CgroupExhaustedCondition;
import io.cgroupguard.nodestate.GuardKeys;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ServiceReference;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The install checks that ask the API server: each reads what it needs and says in one line what it saw.
 * {@link #all} runs them in the order a person would debug an install, the certificate handshake in between.
 */
public final class ClusterChecks {

    /** What to check and how to reach the webhook. */
    public record Target(String namespace, String service, String probeNamespace, Optional<String> connectHost,
                         int connectPort, Duration maxConditionAge) {

        /** The name the API server dials for the Service, and verifies the certificate for. */
        String serviceDnsName() {
            return service + "." + namespace + ".svc";
        }
    }

    private final KubernetesClient client;
    private final Target target;

    public ClusterChecks(KubernetesClient client, Target target) {
        this.client = client;
        this.target = target;
    }

    public List<CheckResult> all(Instant now) {
        List<CheckResult> results = new ArrayList<>();
        Optional<byte[]> caBundle = Optional.empty();
        try {
            caBundle = webhookConfigurations(results);
        } catch (KubernetesClientException e) {
            results.add(refused("webhook-configurations", e));
        }
        results.add(caBundle.map(ca -> ServingCertificateCheck.check(ca, target.serviceDnsName(),
                        target.connectHost().orElse(target.serviceDnsName()), target.connectPort()))
                .orElse(CheckResult.fail(ServingCertificateCheck.NAME, "no caBundle to verify the served certificate against")));
        results.add(guarded("replicas-ready", this::replicas));
        results.add(guarded("labeller-leader", () -> leader(now)));
        results.add(guarded("agents-reporting", () -> agents(now)));
        results.add(dryRunPod());
        return results;
    }

    /** A check whose read the API server refused (RBAC, a missing API) fails alone; the others still run. */
    private static CheckResult guarded(String name, Supplier<CheckResult> check) {
        try {
            return check.get();
        } catch (KubernetesClientException e) {
            return refused(name, e);
        }
    }

    private static CheckResult refused(String name, KubernetesClientException e) {
        return CheckResult.fail(name, "the API server refused the read (HTTP " + e.getCode() + "): " + e.getMessage());
    }

    /** Both configurations present, pointing at the Service on the right paths, with one caBundle. */
    private Optional<byte[]> webhookConfigurations(List<CheckResult> results) {
        String name = "webhook-configurations";
        MutatingWebhookConfiguration mutating = client.admissionRegistration().v1().mutatingWebhookConfigurations()
                .withName(target.service()).get();
        ValidatingWebhookConfiguration validating = client.admissionRegistration().v1()
                .validatingWebhookConfigurations().withName(target.service()).get();
        if (mutating == null || validating == null || mutating.getWebhooks().isEmpty()
                || validating.getWebhooks().isEmpty()) {
            results.add(CheckResult.fail(name, "MutatingWebhookConfiguration and ValidatingWebhookConfiguration "
                    + target.service() + " must both exist with a webhook; found "
                    + (mutating == null ? "no" : "a") + " mutating and " + (validating == null ? "no" : "a")
                    + " validating one"));
            return Optional.empty();
        }
        var mutate = mutating.getWebhooks().get(0).getClientConfig();
        var validate = validating.getWebhooks().get(0).getClientConfig();
        List<String> wrong = new ArrayList<>();
        pointsAtService(mutate.getService(), "/mutate").ifPresent(wrong::add);
        pointsAtService(validate.getService(), "/validate").ifPresent(wrong::add);
        String ca = Optional.ofNullable(mutate.getCaBundle()).orElse("");
        if (ca.isEmpty() || !ca.equals(validate.getCaBundle())) {
            wrong.add("the two caBundles must be set and equal");
        }
        if (!wrong.isEmpty()) {
            results.add(CheckResult.fail(name, String.join("; ", wrong)));
            return ca.isEmpty() ? Optional.empty() : Optional.of(Base64.getDecoder().decode(ca));
        }
        results.add(CheckResult.pass(name, "both point at Service " + target.namespace() + "/" + target.service()
                + " (/mutate, /validate) with the same caBundle"));
        return Optional.of(Base64.getDecoder().decode(ca.getBytes(StandardCharsets.US_ASCII)));
    }

    private Optional<String> pointsAtService(ServiceReference service, String path) {
        if (service == null) {
            return Optional.of(path + " is not called through a Service");
        }
        if (!target.service().equals(service.getName()) || !target.namespace().equals(service.getNamespace())
                || !path.equals(service.getPath())) {
            return Optional.of(path + " webhook calls " + service.getNamespace() + "/" + service.getName()
                    + service.getPath() + ", not " + target.namespace() + "/" + target.service() + path);
        }
        return Optional.empty();
    }

    private CheckResult replicas() {
        Deployment deployment = client.apps().deployments().inNamespace(target.namespace())
                .withName(target.service()).get();
        if (deployment == null) {
            return CheckResult.fail("replicas-ready", "no Deployment " + target.namespace() + "/" + target.service());
        }
        int wanted = Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1);
        int ready = deployment.getStatus() == null ? 0
                : Optional.ofNullable(deployment.getStatus().getReadyReplicas()).orElse(0);
        String seen = ready + " of " + wanted + " replicas ready";
        return ready >= 1 && ready >= wanted ? CheckResult.pass("replicas-ready", seen)
                : CheckResult.fail("replicas-ready", seen + "; kubectl -n " + target.namespace()
                + " describe deployment " + target.service());
    }

    private CheckResult leader(Instant now) {
        Lease lease = client.leases().inNamespace(target.namespace()).withName(target.service()).get();
        if (lease == null || lease.getSpec() == null || lease.getSpec().getHolderIdentity() == null
                || lease.getSpec().getHolderIdentity().isBlank()) {
            return CheckResult.fail("labeller-leader", "nobody holds Lease " + target.namespace() + "/"
                    + target.service() + ": no labeller runs");
        }
        ZonedDateTime renewed = lease.getSpec().getRenewTime();
        int seconds = Optional.ofNullable(lease.getSpec().getLeaseDurationSeconds()).orElse(0);
        if (renewed == null || renewed.toInstant().plusSeconds(seconds).isBefore(now)) {
            return CheckResult.fail("labeller-leader", lease.getSpec().getHolderIdentity()
                    + " holds the Lease but has not renewed it in time (renewed " + renewed + ")");
        }
        return CheckResult.pass("labeller-leader", lease.getSpec().getHolderIdentity() + " holds the Lease");
    }

    /** Every Linux node carries a fresh CgroupExhausted condition (the agent re-writes it every heartbeat). */
    private CheckResult agents(Instant now) {
        List<String> silent = new ArrayList<>();
        int linux = 0;
        for (Node node : client.nodes().list().getItems()) {
            Map<String, String> labels = Optional.ofNullable(node.getMetadata().getLabels()).orElse(Map.of());
            // Nodes before 1.14 carry only the beta label; a node with neither is taken as Linux.
            String os = labels.getOrDefault("kubernetes.io/os", labels.getOrDefault("beta.kubernetes.io/os", "linux"));
            if (!os.equals("linux")) {
                continue;
            }
            linux++;
            Optional<NodeCondition> condition = node.getStatus() == null ? Optional.empty()
                    : node.getStatus().getConditions().stream()
                    .filter(c -> CgroupExhaustedCondition.TYPE.equals(c.getType())).findFirst();
            Optional<Instant> heartbeat = condition.map(NodeCondition::getLastHeartbeatTime)
                    .filter(t -> t != null && !t.isBlank()).map(Instant::parse);
            if (heartbeat.isEmpty() || heartbeat.get().plus(target.maxConditionAge()).isBefore(now)) {
                silent.add(node.getMetadata().getName());
            }
        }
        String seen = (linux - silent.size()) + " of " + linux + " Linux nodes have a " + CgroupExhaustedCondition.TYPE
                + " condition younger than " + target.maxConditionAge().toMinutes() + "m";
        return silent.isEmpty() && linux > 0 ? CheckResult.pass("agents-reporting", seen)
                : CheckResult.fail("agents-reporting", seen + (silent.isEmpty() ? "" : "; silent: "
                + String.join(", ", silent.subList(0, Math.min(10, silent.size())))));
    }

    /** A server-side dry run: the API server calls the webhook, persists nothing, and returns the patched pod. */
    private CheckResult dryRunPod() {
        Pod probe = new PodBuilder().withMetadata(new ObjectMetaBuilder()
                        .withName("cgroup-guard-check").withNamespace(target.probeNamespace()).build())
                .withNewSpec().addNewContainer().withName("check").withImage("registry.k8s.io/pause:3.9")
                .endContainer().endSpec().build();
        try {
            Pod answered = client.pods().inNamespace(target.probeNamespace()).resource(probe).dryRun().create();
            return InjectedAffinity.check(answered, target.probeNamespace());
        } catch (RuntimeException e) {
            return CheckResult.fail(InjectedAffinity.NAME, "dry-run create of a pod in " + target.probeNamespace()
                    + " failed: " + e.getMessage());
        }
    }
}
