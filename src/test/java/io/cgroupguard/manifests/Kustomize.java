package io.cgroupguard.manifests;

import io.cgroupguard.certs.CertificateFiles;
import io.cgroupguard.certs.CertificateGenerator;
import io.cgroupguard.certs.CertificateSpec;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
        try {
            Path out = Files.createTempFile("kubectl", ".out");
            Path err = Files.createTempFile("kubectl", ".err");
            try {
                Process process = new ProcessBuilder(command)
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " took over 60 s");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException(String.join(" ", command) + " failed: "
                            + Files.readString(err, StandardCharsets.UTF_8));
                }
                return Files.readString(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
