package io.cgroupguard.manifests;

import io.cgroupguard.certs.CertificateFiles;
import io.cgroupguard.certs.CertificateGenerator;
import io.cgroupguard.certs.CertificateSpec;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Renders the project's kustomizations with the real {@code kubectl kustomize}, in a copy of {@code manifests/}
 * whose {@code certs/} holds freshly generated certificates, as after the install's first command.
 */
final class Kustomize {

    static final Path MANIFESTS = Path.of("manifests");

    private Kustomize() {
    }

    /** kubectl on the PATH, if any. */
    static Optional<Path> kubectl() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "kubectl"))
                .filter(Files::isExecutable)
                .findFirst();
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
        try {
            Path out = Files.createTempFile("kustomize", ".yaml");
            Path err = Files.createTempFile("kustomize", ".err");
            try {
                Process process = new ProcessBuilder(kubectl.toString(), "kustomize", dir.toString())
                        .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!process.waitFor(60, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("kubectl kustomize " + dir + " took over 60 s");
                }
                if (process.exitValue() != 0) {
                    throw new IllegalStateException("kubectl kustomize " + dir + " failed: "
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
