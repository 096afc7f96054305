package io.cgroupguard.certs;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What to put in a generated CA and serving certificate.
 *
 * @param namespace    the guard's namespace; with {@code service} it makes the Service DNS names
 * @param service      the guard's Service name
 * @param algorithm    key algorithm of both keys
 * @param servingLife  validity of the serving certificate
 * @param caLife       validity of the CA, longer so a renewed serving cert needs no new caBundle
 */
public record CertificateSpec(String namespace, String service, KeyAlgorithm algorithm, Duration servingLife,
                              Duration caLife) {

    /** Key types offered: ECDSA P-256 (default, small and fast) or RSA for tooling that wants it. */
    public enum KeyAlgorithm { ECDSA_P256, RSA_2048, RSA_3072, RSA_4096 }

    /**
     * The defaults of docs/design.md ("Names and defaults"): Service {@code cgroup-guard} in namespace
     * {@code cgroup-guard}, ECDSA (docs/security.md).
     */
    public static CertificateSpec defaults() {
        return new CertificateSpec("cgroup-guard", "cgroup-guard", KeyAlgorithm.ECDSA_P256, Duration.ofDays(365),
                Duration.ofDays(3650));
    }

    /** DNS names of the serving certificate: every way a client may address the Service, and localhost. */
    public List<String> dnsNames() {
        List<String> names = new ArrayList<>();
        names.add(service);
        names.add(service + "." + namespace);
        names.add(service + "." + namespace + ".svc");
        names.add(service + "." + namespace + ".svc.cluster.local");
        names.add("localhost");
        return names;
    }

    /** IP addresses of the serving certificate. */
    public List<String> ipAddresses() {
        return List.of("127.0.0.1");
    }
}
