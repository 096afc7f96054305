package io.cgroupguard.manifests;

import io.cgroupguard.certs.CertificateFiles;
import io.cgroupguard.certs.CertificateGenerator;
import io.cgroupguard.certs.CertificateSpec;
import io.cgroupguard.testing.Processes;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Renders the project's kustomizations with the real {@code kubectl kustomize}, in a copy of {@code manifests/}
 * whose {@code certs/} holds freshly generated certificates, as after the install's first command.
 */
final class Kustomize {

    static final Path MANIFESTS = Path.of("manifests");

    private Kustomize() {
    }

    /**
     * kubectl on the PATH with a kustomize of v5 or newer (components and replacements with wildcards); the test
     * is skipped, saying why, where there is none.
     */
    static Path kubectlOrSkip() {
        Optional<Path> kubectl = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "kubectl"))
                .filter(Files::isExecutable)
                .findFirst();
        Assumptions.assumeTrue(kubectl.isPresent(), "kubectl is not on the PATH, so the rendered install cannot be"
                + " checked here; the raw files of manifests/ are checked without it");
        String version = run(List.of(kubectl.get().toString(), "version", "--client"));
        Matcher kustomize = Pattern.compile("Kustomize Version: v(\\d+)\\.").matcher(version);
        Assumptions.assumeTrue(kustomize.find() && Integer.parseInt(kustomize.group(1)) >= 5, "kubectl at "
                + kubectl.get() + " has no kustomize v5 (components, replacements), so the rendered install cannot"
                + " be checked here: " + version.strip().replace('\n', ' '));
        return kubectl.get();
    }

    /** A copy of manifests/ with certificates in manifests/certs, as {@code certs --out manifests/certs} makes. */
    static Path installTree(Path tmp) throws Exception {
        Path copy = tmp.resolve("manifests");
        try (Stream<Path> files = Files.walk(MANIFESTS)) {
            for (Path source : files.toList()) {
                Path target = copy.resolve(MANIFESTS.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else if (!Stream.of(CertificateFiles.CA_CERT, CertificateFiles.TLS_CERT, CertificateFiles.TLS_KEY)
                        .anyMatch(name -> source.getFileName().toString().equals(name))) {
                    Files.copy(source, target);
                }
            }
        }
        CertificateFiles.write(copy.resolve("certs"),
                new CertificateGenerator(Clock.systemUTC()).generate(CertificateSpec.defaults()));
        return copy;
    }

    /** The output of {@code kubectl kustomize dir}; fails with kubectl's own message when it does. */
    static String render(Path kubectl, Path dir) {
        return run(List.of(kubectl.toString(), "kustomize", dir.toString()));
    }

    private static String run(List<String> command) {
        return Processes.run(Duration.ofSeconds(60), command).orFail(command).out();
    }
}
