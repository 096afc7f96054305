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
 * missing) and what {@code kubectl kustomize} renders from the install and each overlay (where kubectl is).
 * Rendering happens once per run, in one shared copy of {@code manifests/} with generated certificates.
 */
final class InstallSources {

    /** The install and the overlays, rendered; keyed by their folder under manifests/. */
    static final String INSTALL = ".";
    static final String CERTS = "overlays/certs";
    static final String PRE_1_16 = "overlays/k8s-pre-1.16";
    static final String CERT_MANAGER = "overlays/cert-manager";

    private static final Map<String, InstallObjects> RENDERED = new ConcurrentHashMap<>();
    private static Path tree;

    private InstallSources() {
    }

    /** Every install, as named test arguments producing {@link InstallObjects}. */
    static Stream<Arguments> all() {
        return Stream.of(
                argumentSet("raw files of manifests/base", (Loader) InstallSources::rawBase),
                argumentSet("kubectl kustomize manifests/", (Loader) () -> rendered(INSTALL)),
                argumentSet("kubectl kustomize manifests/overlays/certs", (Loader) () -> rendered(CERTS)),
                argumentSet("kubectl kustomize manifests/overlays/k8s-pre-1.16", (Loader) () -> rendered(PRE_1_16)),
                argumentSet("kubectl kustomize manifests/overlays/cert-manager",
                        (Loader) () -> rendered(CERT_MANAGER)));
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
