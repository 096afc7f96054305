package io.cgroupguard.manifests;

import io.cgroupguard.admission.AdmissionRoutes;
import io.cgroupguard.certs.CertificateSpec;
import io.cgroupguard.nodestate.GuardKeys;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.RuleWithOperations;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ServiceReference;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhook;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The webhook registration of every install keeps the admission contract: it calls the Service the serving
 * certificate names, on the paths the resource serves, fails open within a short timeout, and skips exempt
 * namespaces and pods, the same namespaces the guard itself is told are exempt.
 */
class WebhookRegistrationTest {

    static final String NAME = "cgroup-guard";

    @ParameterizedTest
    @MethodSource("io.cgroupguard.manifests.InstallSources#all")
    void webhooksCallTheServiceTheCertificateNames(InstallSources.Loader source) {
        InstallObjects install = source.load();
        CertificateSpec spec = CertificateSpec.defaults();
        Service service = install.one(Service.class, spec.service());

        assertEquals(spec.namespace(), service.getMetadata().getNamespace());
        List<String> serviceNames = List.of(service.getMetadata().getName(),
                service.getMetadata().getName() + "." + service.getMetadata().getNamespace(),
                service.getMetadata().getName() + "." + service.getMetadata().getNamespace() + ".svc",
                service.getMetadata().getName() + "." + service.getMetadata().getNamespace() + ".svc.cluster.local");
        assertTrue(spec.dnsNames().containsAll(serviceNames), "certificate names " + spec.dnsNames()
                + " must cover " + serviceNames);
        for (ServiceReference reference : references(install).values()) {
            assertEquals(service.getMetadata().getName(), reference.getName());
            assertEquals(service.getMetadata().getNamespace(), reference.getNamespace());
            assertEquals(443, reference.getPort());
        }
    }

    @ParameterizedTest
    @MethodSource("io.cgroupguard.manifests.InstallSources#all")
    void serviceForwards443ToTheGuardsHttpsPort(InstallSources.Loader source) {
        InstallObjects install = source.load();
        ServicePort port = install.one(Service.class, NAME).getSpec().getPorts().get(0);
        int httpsPort = ConfigProvider.getConfig().getValue("quarkus.http.ssl-port", Integer.class);

        assertEquals(443, port.getPort());
        int containerPort = install.one(Deployment.class, NAME).getSpec().getTemplate().getSpec().getContainers()
                .get(0).getPorts().stream().filter(p -> p.getName().equals(port.getTargetPort().getStrVal()))
                .findFirst().orElseThrow().getContainerPort();
        assertEquals(httpsPort, containerPort);
    }

    @ParameterizedTest
    @MethodSource("io.cgroupguard.manifests.InstallSources#all")
    void webhookPathsAreTheRoutesPaths(InstallSources.Loader source) {
        Map<String, ServiceReference> references = references(source.load());

        assertEquals(AdmissionRoutes.MUTATE_PATH, references.get("mutate.cgroup-guard.io").getPath());
        assertEquals(AdmissionRoutes.VALIDATE_PATH, references.get("validate.cgroup-guard.io").getPath());
    }

    @ParameterizedTest
    @MethodSource("io.cgroupguard.manifests.InstallSources#all")
    void webhooksFailOpenQuickly_withoutSideEffects(InstallSources.Loader source) {
        InstallObjects install = source.load();
        MutatingWebhook mutate = mutating(install);
        ValidatingWebhook validate = validating(install);

        assertEquals("Ignore", mutate.getFailurePolicy());
        assertEquals("Ignore", validate.getFailurePolicy());
        assertNotNull(mutate.getTimeoutSeconds());
        assertTrue(mutate.getTimeoutSeconds() <= 5, "mutate timeout " + mutate.getTimeoutSeconds());
        assertNotNull(validate.getTimeoutSeconds());
        assertTrue(validate.getTimeoutSeconds() <= 5, "validate timeout " + validate.getTimeoutSeconds());
        assertEquals("None", mutate.getSideEffects());
        assertEquals("None", validate.getSideEffects());
        assertEquals(List.of("v1", "v1beta1"), mutate.getAdmissionReviewVersions());
        assertEquals(List.of("v1", "v1beta1"), validate.getAdmissionReviewVersions());
        assertEquals("IfNeeded", mutate.getReinvocationPolicy());
    }

    @ParameterizedTest
    @MethodSource("io.cgroupguard.manifests.InstallSources#all")
    void mutateSeesPodCreation_validateAlsoSeesBindings(InstallSources.Loader source) {
        InstallObjects install = source.load();
        RuleWithOperations mutateRule = mutating(install).getRules().get(0);
        RuleWithOperations validateRule = validating(install).getRules().get(0);

        assertEquals(1, mutating(install).getRules().size());
        assertEquals(List.of("CREATE"), mutateRule.getOperations());
        assertEquals(List.of("pods"), mutateRule.getResources());
        assertEquals(List.of(""), mutateRule.getApiGroups());
        assertEquals(1, validating(install).getRules().size());
        assertEquals(List.of("CREATE"), validateRule.getOperations());
        assertEquals(List.of("pods", "pods/binding"), validateRule.getResources());
        assertEquals(List.of(""), validateRule.getApiGroups());
    }

    @ParameterizedTest
    @MethodSource("io.cgroupguard.manifests.InstallSources#all")
    void selectorsSkipExemptNamespacesAndPods(InstallSources.Loader source) {
        InstallObjects install = source.load();
        Map<String, String> exempt = Map.of(GuardKeys.EXEMPT, "true");
        for (var selectors : List.of(
                List.of(mutating(install).getNamespaceSelector(), mutating(install).getObjectSelector()),
                List.of(validating(install).getNamespaceSelector(), validating(install).getObjectSelector()))) {
            var namespaces = selectors.get(0);
            var pods = selectors.get(1);
            assertFalse(LabelSelectors.matches(namespaces, namespace("kube-system")), "kube-system is exempt");
            assertFalse(LabelSelectors.matches(namespaces, namespace("cgroup-guard")), "its own namespace is exempt");
            assertFalse(LabelSelectors.matches(namespaces, Map.of("kubernetes.io/metadata.name", "team-a",
                    GuardKeys.EXEMPT, "true")), "a namespace labelled exempt is exempt");
            assertTrue(LabelSelectors.matches(namespaces, namespace("default")), "default is guarded");
            assertTrue(LabelSelectors.matches(namespaces, Map.of("kubernetes.io/metadata.name", "team-a",
                    GuardKeys.EXEMPT, "false")), "exempt=false is guarded");
            assertFalse(LabelSelectors.matches(pods, exempt), "a pod labelled exempt is skipped");
            assertTrue(LabelSelectors.matches(pods, Map.of("app", "web")), "other pods are seen");
            assertTrue(LabelSelectors.matches(pods, Map.of()), "a Binding, which has no labels, is seen");
        }
    }

    @ParameterizedTest
    @MethodSource("io.cgroupguard.manifests.InstallSources#all")
    void guardIsToldTheNamespacesTheWebhooksLeaveOut(InstallSources.Loader source) {
        InstallObjects install = source.load();

        Set<String> guard = exemptNamespacesOfTheGuard(install);
        assertEquals(excludedNamespaces(mutating(install).getNamespaceSelector()), guard);
        assertEquals(excludedNamespaces(validating(install).getNamespaceSelector()), guard);
    }

    /** cgroup-guard.exempt-namespaces as the webhook Deployment sets it, split as SmallRye Config splits a list. */
    static Set<String> exemptNamespacesOfTheGuard(InstallObjects install) {
        String value = ChartTest.env(ChartTest.webhook(install), "CGROUP_GUARD_EXEMPT_NAMESPACES")
                .orElseThrow(() -> new AssertionError(install + ": the guard is not told its exempt namespaces"))
                .getValue();
        return Set.of(value.split(","));
    }

    /** The namespaces a namespaceSelector leaves out by name. */
    static Set<String> excludedNamespaces(LabelSelector selector) {
        return selector.getMatchExpressions().stream()
                .filter(e -> e.getKey().equals("kubernetes.io/metadata.name") && e.getOperator().equals("NotIn"))
                .flatMap(e -> e.getValues().stream()).collect(Collectors.toSet());
    }

    private static Map<String, String> namespace(String name) {
        return Map.of("kubernetes.io/metadata.name", name);
    }

    static MutatingWebhook mutating(InstallObjects install) {
        List<MutatingWebhook> webhooks = install.one(MutatingWebhookConfiguration.class, NAME).getWebhooks();
        assertEquals(1, webhooks.size(), install + ": one mutating webhook");
        return webhooks.get(0);
    }

    static ValidatingWebhook validating(InstallObjects install) {
        List<ValidatingWebhook> webhooks = install.one(ValidatingWebhookConfiguration.class, NAME).getWebhooks();
        assertEquals(1, webhooks.size(), install + ": one validating webhook");
        return webhooks.get(0);
    }

    private static Map<String, ServiceReference> references(InstallObjects install) {
        return Map.of(mutating(install).getName(), mutating(install).getClientConfig().getService(),
                validating(install).getName(), validating(install).getClientConfig().getService());
    }
}
