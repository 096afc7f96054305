package io.cgroupguard.manifests;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.marcnuri.helm.Helm;
import com.marcnuri.helm.InstallCommand;
import com.marcnuri.helm.LintResult;
import com.marcnuri.helm.TemplateCommand;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Helm chart at {@code charts/cgroup-guard}, linted and rendered by Helm itself (helm-java: Helm's Go code as a
 * native library, so no helm binary and no network), as {@code helm template} would for an install named
 * {@code cgroup-guard} in the namespace {@code cgroup-guard}.
 */
final class HelmChart {

    static final Path CHART = Path.of("charts", "cgroup-guard");
    static final String NAMESPACE = "cgroup-guard";
    /** The cluster Helm renders for: the oldest with matchConditions on by default (Helm itself assumes 1.20). */
    static final String KUBE_VERSION = "v1.28.0";

    private static final Map<Map<String, Object>, InstallObjects> RENDERED = new ConcurrentHashMap<>();

    private HelmChart() {
    }

    /** {@code helm lint --strict charts/cgroup-guard}. */
    static LintResult lint() {
        return new Helm(CHART).lint().strict().call();
    }

    /**
     * The chart rendered with these values, each as {@code --set}, except lists, which {@code --set} through
     * helm-java cannot say (it passes {@code {a,b}} as a string): those go in a values file. Helm's own error
     * (schema, required) when it refuses.
     */
    static String template(Map<String, Object> values) {
        TemplateCommand template = new Helm(CHART).template().withName("cgroup-guard").withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION);
        Map<String, Object> lists = new TreeMap<>();
        new TreeMap<>(values).forEach((key, value) -> {
            if (value instanceof List<?>) {
                lists.put(key, value);
            } else {
                template.set(key, value);
            }
        });
        if (!lists.isEmpty()) {
            template.withValuesFile(valuesFile(lists));
        }
        return template.call();
    }

    private static Path valuesFile(Map<String, Object> dotted) {
        Map<String, Object> tree = new TreeMap<>();
        dotted.forEach((key, value) -> {
            Map<String, Object> node = tree;
            String[] parts = key.split("\\.");
            for (int i = 0; i < parts.length - 1; i++) {
                @SuppressWarnings("unchecked")
                Map<String, Object> child = (Map<String, Object>) node.computeIfAbsent(parts[i], k -> new TreeMap<>());
                node = child;
            }
            node.put(parts[parts.length - 1], value);
        });
        try {
            Path file = Files.createTempFile("chart-values", ".yaml");
            file.toFile().deleteOnExit();
            new YAMLMapper().writeValue(file.toFile(), tree);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What {@code helm install} prints (the NOTES), from a client-only dry run: no cluster is asked. */
    static String installNotes(Map<String, Object> values) {
        InstallCommand install = new Helm(CHART).install().withName("cgroup-guard").withNamespace(NAMESPACE)
                .withKubeVersion(KUBE_VERSION).dryRun().clientOnly();
        new TreeMap<>(values).forEach(install::set);
        return install.call().getOutput();
    }

    /** The rendered chart read with fabric8's typed model, once per set of values. */
    static InstallObjects rendered(Map<String, Object> values) {
        return RENDERED.computeIfAbsent(values, v -> InstallObjects.parse("helm template charts/cgroup-guard "
                + (v.isEmpty() ? "(defaults)" : v), template(v)));
    }
}
