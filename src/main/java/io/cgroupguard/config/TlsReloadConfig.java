package io.cgroupguard.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * How the webhook follows its certificate files, under {@code cgroup-guard.tls.}: a rotated Secret appears in the
 * mounted folder (kubelet takes up to about a minute), and the guard serves it after at most one period more.
 */
@ConfigMapping(prefix = "cgroup-guard.tls")
public interface TlsReloadConfig {

    /** How often {@code tls.crt} and {@code tls.key} are read again to look for a new certificate. */
    @WithDefault("10s")
    Duration reloadPeriod();
}
