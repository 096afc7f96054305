package io.cgroupguard.manifests;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The RBAC of every install grants each service account exactly what the code calls, and nothing else. */
class RbacTest {

    /**
     * THE table: per service account, every grant as {@code scope group/resource verb}, where scope is
     * {@code cluster} or the namespace of a Role. It lists what the code really calls; edit it together with
     * the manifests when the code starts or stops making a call.
     */
    static final Map<String, Set<String>> EXPECTED = Map.of(
            "cgroup-guard/cgroup-guard", Set.of(
                    // node informer of the cache, labeller writing state labels/annotations/taint
                    "cluster core/nodes get", "cluster core/nodes list", "cluster core/nodes watch",
                    "cluster core/nodes patch",
                    // labeller: kubelet warnings as evidence; an Event on every state change
                    "cluster core/events create", "cluster core/events list", "cluster core/events watch",
                    // labeller: a stuck pod's CgroupExhaustedNode Event, read back and its count raised
                    "cluster core/events get", "cluster core/events patch",
                    // labeller: an event's pod -> its spec.nodeName; the pods of exhausted nodes (field selector)
                    "cluster core/pods get", "cluster core/pods list", "cluster core/pods watch",
                    // labeller, remediation opted in: evict stuck pods (PodDisruptionBudgets respected)
                    "cluster core/pods/eviction create",
                    // labeller leader election
                    "cgroup-guard coordination.k8s.io/leases get", "cgroup-guard coordination.k8s.io/leases create",
                    "cgroup-guard coordination.k8s.io/leases patch",
                    // self-managed certificates: every replica reads the TLS Secret, the leader replaces its data
                    "cgroup-guard core/secrets get", "cgroup-guard core/secrets update",
                    "cgroup-guard core/secrets patch",
                    // self-managed certificates: the leader writes the caBundle of both webhook configurations
                    "cluster admissionregistration.k8s.io/mutatingwebhookconfigurations get",
                    "cluster admissionregistration.k8s.io/mutatingwebhookconfigurations patch",
                    "cluster admissionregistration.k8s.io/validatingwebhookconfigurations get",
                    "cluster admissionregistration.k8s.io/validatingwebhookconfigurations patch"),
            "cgroup-guard/cgroup-guard-agent", Set.of(
                    // agent: read its own node, publish the CgroupExhausted condition on its status
                    "cluster core/nodes get", "cluster core/nodes/status patch"));

    @ParameterizedTest
    @MethodSource("io.cgroupguard.manifests.InstallSources#all")
    void grantsEachServiceAccountExactlyWhatTheCodeCalls(InstallSources.Loader source) {
        InstallObjects install = source.load();

        assertEquals(sorted(EXPECTED), sorted(grants(install)));
    }

    @ParameterizedTest
    @MethodSource("io.cgroupguard.manifests.InstallSources#all")
    void grantsNoWildcardsNoEscalation_andSecretsAndWebhooksOnlyByName(InstallSources.Loader source) {
        InstallObjects install = source.load();
        List<PolicyRule> rules = new java.util.ArrayList<>();
        install.all(ClusterRole.class).forEach(r -> rules.addAll(r.getRules()));
        install.all(Role.class).forEach(r -> rules.addAll(r.getRules()));
        install.all(ClusterRole.class).forEach(r -> r.getRules().forEach(rule -> assertFalse(
                rule.getResources().contains("secrets"), "Secrets granted cluster-wide in " + rule)));

        assertFalse(rules.isEmpty());
        for (PolicyRule rule : rules) {
            for (List<String> words : List.of(rule.getApiGroups(), rule.getResources(), rule.getVerbs())) {
                assertFalse(words.contains("*"), "wildcard in " + rule);
            }
            if (rule.getResources().contains("secrets")) {
                // create cannot be restricted by name (and would let the guard mint token Secrets), nor list.
                assertEquals(List.of("secrets"), rule.getResources(), "Secrets share a rule in " + rule);
                assertEquals(List.of("cgroup-guard-tls"), rule.getResourceNames(), "Secrets not by name in " + rule);
            }
            if (rule.getResources().stream().anyMatch(r -> r.endsWith("webhookconfigurations"))) {
                assertEquals(List.of("cgroup-guard"), rule.getResourceNames(), "webhooks not by name in " + rule);
            }
            assertTrue(rule.getVerbs().stream().noneMatch(Set.of("escalate", "bind", "impersonate")::contains),
                    "escalation verb in " + rule);
        }
        assertTrue(install.all(ClusterRole.class).stream().allMatch(r -> r.getAggregationRule() == null));
    }

    /** What the install's bindings grant, per {@code namespace/serviceaccount}. */
    private static Map<String, Set<String>> grants(InstallObjects install) {
        Map<String, Set<String>> grants = new TreeMap<>();
        for (ClusterRoleBinding binding : install.all(ClusterRoleBinding.class)) {
            List<PolicyRule> rules = rulesOf(install, binding.getRoleRef(), null);
            binding.getSubjects().forEach(s -> add(grants, s, "cluster", rules));
        }
        for (RoleBinding binding : install.all(RoleBinding.class)) {
            String namespace = binding.getMetadata().getNamespace();
            List<PolicyRule> rules = rulesOf(install, binding.getRoleRef(), namespace);
            binding.getSubjects().forEach(s -> add(grants, s, namespace, rules));
        }
        return grants;
    }

    private static List<PolicyRule> rulesOf(InstallObjects install, RoleRef ref, String namespace) {
        if (ref.getKind().equals("ClusterRole")) {
            return install.one(ClusterRole.class, ref.getName()).getRules();
        }
        Role role = install.one(Role.class, ref.getName());
        assertEquals(namespace, role.getMetadata().getNamespace(), "a RoleBinding names a Role of its namespace");
        return role.getRules();
    }

    private static void add(Map<String, Set<String>> grants, Subject subject, String scope, List<PolicyRule> rules) {
        assertEquals("ServiceAccount", subject.getKind(), "only the guard's own service accounts are bound");
        Set<String> granted = grants.computeIfAbsent(subject.getNamespace() + "/" + subject.getName(),
                k -> new TreeSet<>());
        for (PolicyRule rule : rules) {
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        granted.add(scope + " " + (group.isEmpty() ? "core" : group) + "/" + resource + " " + verb);
                    }
                }
            }
        }
    }

    private static Map<String, Set<String>> sorted(Map<String, Set<String>> grants) {
        return grants.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> new TreeSet<>(e.getValue()),
                (a, b) -> a, TreeMap::new));
    }
}
