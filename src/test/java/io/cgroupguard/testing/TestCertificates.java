package io.cgroupguard.testing;

import io.cgroupguard.certs.CertificateFiles;
import io.cgroupguard.certs.ServingCertificates;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Map;

/**
 * Gives every {@code @QuarkusTest} the certificates that {@code Main} would make before a real start: tests boot
 * Quarkus without going through {@code Main}, and the HTTPS server refuses to start without its key.
 */
public class TestCertificates implements QuarkusTestResourceLifecycleManager {

    /** Where the test certificates live; one set for the whole test run. */
    public static final Path DIR = Path.of("target", "test-certs");

    @Override
    public Map<String, String> start() {
        try {
            ServingCertificates.ensure(DIR);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make test certificates in " + DIR, e);
        }
        return Map.of("cgroup-guard.certs-dir", DIR.toAbsolutePath().toString());
    }

    @Override
    public void stop() {
    }

    /** A trust store holding the test CA, so clients verify the server instead of trusting anything. */
    public static KeyStore trustStore() throws Exception {
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        store.load(null, null);
        try (var in = Files.newInputStream(DIR.resolve(CertificateFiles.CA_CERT))) {
            store.setCertificateEntry("cgroup-guard-test-ca",
                    (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        return store;
    }
}
