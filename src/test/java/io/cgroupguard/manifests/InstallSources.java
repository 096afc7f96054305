package io.cgroupguard.manifests;

import org.junit.jupiter.params.provider.Arguments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * The installs the contract tests check: the raw files (always, so the contract holds even where kubectl is
 * missing), what {@code kubectl kustomize} renders from the install and each overlay (where kubectl is), and
 * what Helm renders from the chart (always: Helm runs in-process).
 * Rendering happens once per run, in one shared copy of {@code manifests/} with generated certificates.
 */
final class InstallSources {

    /** The install and the overlays, rendered; keyed by their folder under manifests/. */
    static final String INSTALL = ".";
    static final String CERTS = "overlays/certs";
    static final String PRE_1_16 = "overlays/k8s-pre-1.16";
    static final String CERT_MANAGER = "overlays/cert-manager";
    static final String MATCH_CONDITIONS = "overlays/match-conditions";

    private static final Map<String, InstallObjects> RENDERED = new ConcurrentHashMap<>();
    private static Path tree;

    private InstallSources() {
    }

    /**
     * Every install, as named test arguments producing {@link InstallObjects}: the kustomize installs and the Helm
     * chart with its default values and in its other certificate modes.
     */
    static Stream<Arguments> all() {
        return Stream.of(
                argumentSet("raw files of manifests/base", (Loader) InstallSources::rawBase),
                argumentSet("kubectl kustomize manifests/", (Loader) () -> rendered(INSTALL)),
                argumentSet("kubectl kustomize manifests/overlays/certs", (Loader) () -> rendered(CERTS)),
                argumentSet("kubectl kustomize manifests/overlays/k8s-pre-1.16", (Loader) () -> rendered(PRE_1_16)),
                argumentSet("kubectl kustomize manifests/overlays/cert-manager",
                        (Loader) () -> rendered(CERT_MANAGER)),
                argumentSet("kubectl kustomize manifests/overlays/match-conditions",
                        (Loader) () -> rendered(MATCH_CONDITIONS)),
                argumentSet("helm template charts/cgroup-guard", (Loader) () -> HelmChart.rendered(Map.of())),
                argumentSet("helm template charts/cgroup-guard, certificates.mode=cert-manager",
                        (Loader) () -> HelmChart.rendered(Map.of("certificates.mode", "cert-manager"))),
                argumentSet("helm template charts/cgroup-guard, certificates.mode=secret",
                        (Loader) () -> HelmChart.rendered(Map.of("certificates.mode", "secret",
                                "certificates.secret.caBundle", "Y2E=", "webhook.matchConditions", true))));
    }

    /**
     * The installs for clusters of 1.17 and later: all but the pre-1.16 overlay, whose clusters refuse critical
     * priority classes outside kube-system and label nodes with beta.kubernetes.io/os.
     */
    static Stream<Arguments> forCurrentClusters() {
        return all().filter(a -> !((Arguments.ArgumentSet) a).getName().contains(PRE_1_16));
    }

    /** Loads one install; skips the test, saying why, when it needs kubectl and there is none. */
    @FunctionalInterface
    interface Loader {
        InstallObjects load();
    }

    static InstallObjects rawBase() {
        return InstallObjects.files(Kustomize.MANIFESTS.resolve("base"));
    }

    /** The rendered install of a folder under manifests/ (skips without kubectl). */
    static InstallObjects rendered(String folder) {
        Path kubectl = Kustomize.kubectlOrSkip();
        return RENDERED.computeIfAbsent(folder, (Function<String, InstallObjects>) f ->
                InstallObjects.parse("kubectl kustomize manifests/" + f, Kustomize.render(kubectl,
                        installTree().resolve(f).normalize())));
    }

    /**
     * The install of manifests/ with a component of manifests/components added, as a person adds it to their
     * kustomization: the base, as the root kustomization has it (self-managed certificates), plus the component
     * (skips without kubectl).
     */
    static InstallObjects renderedWithComponent(String component) {
        Path kubectl = Kustomize.kubectlOrSkip();
        return RENDERED.computeIfAbsent("with " + component, (Function<String, InstallObjects>) f -> {
            Path dir = installTree().resolve("with-" + component);
            try {
                Files.createDirectories(dir);
                Files.writeString(dir.resolve("kustomization.yaml"), String.join("\n",
                        "apiVersion: kustomize.config.k8s.io/v1beta1",
                        "kind: Kustomization",
                        "resources:", "  - ../base",
                        "components:", "  - ../components/" + component, ""));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return InstallObjects.parse("kubectl kustomize manifests/ with components/" + component,
                    Kustomize.render(kubectl, dir));
        });
    }

    /** The CA that the rendered installs were made with. */
    static Path renderedCertificates() {
        return installTree().resolve("certs");
    }

    private static synchronized Path installTree() {
        if (tree == null) {
            // Under target/, so a clean build removes it; fresh every run.
            Path dir = Path.of("target", "kustomize-install");
            try (Stream<Path> old = Files.exists(dir) ? Files.walk(dir) : Stream.empty()) {
                for (Path file : old.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(file);
                }
                tree = Kustomize.installTree(dir);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException("cannot prepare a copy of manifests/ with certificates", e);
            }
        }
        return tree;
    }
}
