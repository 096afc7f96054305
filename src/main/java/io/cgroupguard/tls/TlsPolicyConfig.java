package io.cgroupguard.tls;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.util.Optional;

/**
 * What the webhook port accepts, under {@code cgroup-guard.tls.}: the TLS profile, and whether clients must
 * present a certificate. docs/security.md explains each choice and the API server's side of client certificates.
 */
@ConfigMapping(prefix = "cgroup-guard.tls")
public interface TlsPolicyConfig {

    /** {@code intermediate} (TLS 1.3, and TLS 1.2 with ECDHE + AEAD suites) or {@code modern} (TLS 1.3 only). */
    @WithDefault("intermediate")
    TlsProfile profile();

    /** Client certificates on the webhook paths; off unless a CA file is set. */
    ClientAuth clientAuth();

    /** Client authentication: only clients whose certificate this CA signed may call the webhook paths. */
    interface ClientAuth {

        /**
         * PEM file with the CA certificate(s) that sign the API server's webhook client certificate. When set,
         * {@code /mutate} and {@code /validate} refuse any client without such a certificate.
         */
        Optional<Path> caFile();
    }
}
