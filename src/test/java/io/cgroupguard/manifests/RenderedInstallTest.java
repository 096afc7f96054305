package io.cgroupguard.manifests;

import io.cgroupguard.certs.CertificateFiles;
import io.cgroupguard.certs.CertificateSpec;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What only a rendered install shows: the caBundle kustomize fills in, and what each overlay changes. */
class RenderedInstallTest {

    @ParameterizedTest(name = "kubectl kustomize manifests/{0}")
    @ValueSource(strings = {InstallSources.CERTS, InstallSources.PRE_1_16})
    void caBundleOfBothWebhooksIsTheCaThatCertsWrote(String folder) throws Exception {
        InstallObjects install = InstallSources.rendered(folder);
        String ca = Base64.getEncoder().encodeToString(
                Files.readAllBytes(InstallSources.renderedCertificates().resolve(CertificateFiles.CA_CERT)));

        assertEquals(ca, stripped(WebhookRegistrationTest.mutating(install).getClientConfig().getCaBundle()));
        assertEquals(ca, stripped(WebhookRegistrationTest.validating(install).getClientConfig().getCaBundle()));
        Secret tls = install.one(Secret.class, "cgroup-guard-tls");
        assertEquals("kubernetes.io/tls", tls.getType());
        assertEquals("cgroup-guard", tls.getMetadata().getNamespace());
        assertEquals(Set.of(CertificateFiles.CA_CERT, CertificateFiles.TLS_CERT, CertificateFiles.TLS_KEY),
                tls.getData().keySet());
        assertEquals(ca, stripped(tls.getData().get(CertificateFiles.CA_CERT)));
        assertEquals(Base64.getEncoder().encodeToString(Files.readAllBytes(
                InstallSources.renderedCertificates().resolve(CertificateFiles.TLS_KEY))),
                stripped(tls.getData().get(CertificateFiles.TLS_KEY)));
    }

    @Test
    void preOneSixteenOverlayUsesTheOlderApiVersions() {
        InstallObjects install = InstallSources.rendered(InstallSources.PRE_1_16);

        assertEquals("admissionregistration.k8s.io/v1beta1",
                install.apiVersions().get("MutatingWebhookConfiguration/cgroup-guard"));
        assertEquals("admissionregistration.k8s.io/v1beta1",
                install.apiVersions().get("ValidatingWebhookConfiguration/cgroup-guard"));
        assertEquals("policy/v1beta1", install.apiVersions().get("PodDisruptionBudget/cgroup-guard"));
        for (var pod : List.of(WorkloadsTest.webhookPod(install), WorkloadsTest.agentPod(install))) {
            assertTrue(pod.getSecurityContext().getSeccompProfile() != null, "kept for when the cluster is upgraded");
        }
        assertEquals(Map.of("seccomp.security.alpha.kubernetes.io/pod", "runtime/default"),
                install.one(io.fabric8.kubernetes.api.model.apps.Deployment.class, "cgroup-guard")
                        .getSpec().getTemplate().getMetadata().getAnnotations());
        assertEquals("kubernetes.io/hostname", WorkloadsTest.webhookPod(install).getAffinity().getPodAntiAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution().get(0).getPodAffinityTerm().getTopologyKey());
    }

    @Test
    void certManagerOverlayInjectsTheCaOfTheCertificateTheGuardMounts() {
        InstallObjects install = InstallSources.rendered(InstallSources.CERT_MANAGER);
        String mounted = WorkloadsTest.webhookPod(install).getVolumes().stream()
                .filter(v -> v.getSecret() != null).findFirst().orElseThrow().getSecret().getSecretName();

        assertTrue(install.all(Secret.class).isEmpty(), "cert-manager makes the Secret");
        for (var configuration : List.of(install.one(MutatingWebhookConfiguration.class, "cgroup-guard"),
                install.one(ValidatingWebhookConfiguration.class, "cgroup-guard"))) {
            String from = configuration.getMetadata().getAnnotations().get("cert-manager.io/inject-ca-from");
            GenericKubernetesResource certificate = certificates(install).stream()
                    .filter(c -> from.equals(c.getMetadata().getNamespace() + "/" + c.getMetadata().getName()))
                    .findFirst().orElseThrow(() -> new AssertionError("no Certificate " + from));
            assertEquals(mounted, spec(certificate).get("secretName"));
        }
        assertNull(WebhookRegistrationTest.mutating(install).getClientConfig().getCaBundle());
    }

    @Test
    void certManagerCertificateHasTheNamesOfCerts_andRenewsAtTwoThirds() {
        // The raw file, so this holds without kubectl too.
        InstallObjects overlay = InstallObjects.files(Kustomize.MANIFESTS.resolve("overlays/cert-manager"));
        GenericKubernetesResource serving = certificates(overlay).stream()
                .filter(c -> c.getMetadata().getName().equals("cgroup-guard-tls")).findFirst().orElseThrow();
        CertificateSpec spec = CertificateSpec.defaults();

        assertEquals(spec.dnsNames(), spec(serving).get("dnsNames"));
        assertEquals(spec.ipAddresses(), spec(serving).get("ipAddresses"));
        assertEquals(spec.servingLife().toHours() + "h", spec(serving).get("duration"));
        assertEquals(spec.servingLife().dividedBy(3).toHours() + "h", spec(serving).get("renewBefore"));
        assertEquals(spec.namespace(), serving.getMetadata().getNamespace());
    }

    @Test
    void defaultInstallNeedsNoCertificates_andShipsTheSecretEmptyForTheLeader() {
        InstallObjects install = InstallSources.rendered(InstallSources.INSTALL);

        Secret tls = install.one(Secret.class, "cgroup-guard-tls");
        assertEquals("kubernetes.io/tls", tls.getType());
        assertEquals(Map.of(CertificateFiles.TLS_CERT, "", CertificateFiles.TLS_KEY, ""), tls.getData());
        assertNull(WebhookRegistrationTest.mutating(install).getClientConfig().getCaBundle());
        assertNull(WebhookRegistrationTest.validating(install).getClientConfig().getCaBundle());
    }

    @Test
    void rawFilesCarryNoPastedCaBundle() {
        InstallObjects raw = InstallSources.rawBase();

        assertNull(WebhookRegistrationTest.mutating(raw).getClientConfig().getCaBundle());
        assertNull(WebhookRegistrationTest.validating(raw).getClientConfig().getCaBundle());
    }

    @Test
    void certsOverlayRefusesToRender_beforeCertsHasRun(@TempDir Path tmp) throws Exception {
        Path kubectl = Kustomize.kubectlOrSkip();
        Path tree = Kustomize.installTree(tmp);
        for (String file : List.of(CertificateFiles.CA_CERT, CertificateFiles.TLS_CERT, CertificateFiles.TLS_KEY)) {
            Files.delete(tree.resolve("certs").resolve(file));
        }

        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> Kustomize.render(kubectl, tree.resolve(InstallSources.CERTS)));

        assertTrue(refused.getMessage().contains(CertificateFiles.CA_CERT), refused.getMessage());
    }

    private static List<GenericKubernetesResource> certificates(InstallObjects install) {
        return install.all(GenericKubernetesResource.class).stream()
                .filter(r -> r.getKind().equals("Certificate")).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(GenericKubernetesResource resource) {
        return (Map<String, Object>) resource.getAdditionalProperties().get("spec");
    }

    /** Kustomize folds long base64 lines; the API server's decoder skips the newlines, and so does this. */
    private static String stripped(String base64) {
        return base64.replaceAll("\\s", "");
    }
}
