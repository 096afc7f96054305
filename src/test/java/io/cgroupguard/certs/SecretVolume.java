package io.cgroupguard.certs;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A certificate folder laid out the way kubelet mounts a Secret: each file is a symlink through {@code ..data},
 * which points at a timestamped folder; an update writes a new folder and swaps {@code ..data} in one rename,
 * so a reader sees either all old files or all new ones. Points the guard's TLS key store at it.
 */
public class SecretVolume implements QuarkusTestResourceLifecycleManager {

    static final Path DIR = Path.of("target", "secret-volume");
    private static final List<String> FILES =
            List.of(CertificateFiles.CA_CERT, CertificateFiles.TLS_CERT, CertificateFiles.TLS_KEY);
    private static int generation;

    @Override
    public Map<String, String> start() {
        try {
            clear();
            Files.createDirectories(DIR);
            GeneratedCertificates first = new CertificateGenerator(Clock.systemUTC()).generate(CertificateSpec.defaults());
            publish(first);
            for (String file : FILES) {
                Files.createSymbolicLink(DIR.resolve(file), Path.of("..data", file));
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot lay out " + DIR, e);
        }
        Path dir = DIR.toAbsolutePath();
        return Map.of(
                "cgroup-guard.certs-dir", dir.toString(),
                // The production period is 10 s; the test waits for one period, so it is short here.
                "cgroup-guard.tls.reload-period", "1s");
    }

    @Override
    public void stop() {
    }

    /** After the global {@code TestCertificates}, so this folder is the one the profile's instance serves. */
    @Override
    public int order() {
        return 1;
    }

    /** Writes {@code certs} into a new timestamped folder and swaps {@code ..data} to it, as kubelet does. */
    static synchronized void publish(GeneratedCertificates certs) throws IOException {
        Path version = DIR.resolve("..version-" + (++generation));
        CertificateFiles.write(version, certs);
        Path link = DIR.resolve("..data_tmp");
        Files.deleteIfExists(link);
        Files.createSymbolicLink(link, version.getFileName());
        Files.move(link, DIR.resolve("..data"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static void clear() throws IOException {
        if (!Files.exists(DIR, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> files = Files.walk(DIR)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.delete(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
