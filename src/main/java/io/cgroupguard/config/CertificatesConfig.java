package io.cgroupguard.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;

import java.time.Duration;

/**
 * Where the webhook's certificate comes from, under {@code cgroup-guard.certificates.}. Self-managed (the
 * default, cluster mode only): the elected leader keeps a CA and serving pair in the TLS Secret and both webhook
 * configurations' caBundle, and every replica serves what the Secret holds. Off: the files in
 * {@code cgroup-guard.certs-dir} (made by {@code certs}, or cert-manager's Secret mounted there).
 */
@ConfigMapping(prefix = "cgroup-guard.certificates")
public interface CertificatesConfig {

    /** Let the leader make, renew and inject the certificates. Standalone mode always serves the files. */
    @WithName("self-managed")
    @WithDefault("true")
    boolean selfManaged();

    /** The TLS Secret in the guard's namespace ({@code ca.crt}, {@code tls.crt}, {@code tls.key}). */
    @WithDefault("cgroup-guard-tls")
    String secretName();

    /** The Mutating- and ValidatingWebhookConfiguration whose caBundle the leader keeps. */
    @WithDefault("cgroup-guard")
    String webhookConfiguration();

    /** The Service the serving certificate names (with the namespace: its DNS names). */
    @WithDefault("cgroup-guard")
    String service();

    /** How often the leader checks the Secret and the caBundles. */
    @WithDefault("1m")
    Duration checkPeriod();

    /**
     * How long the previous CA stays in the caBundle after a rotation: every replica must have reloaded the new
     * pair by then (they poll the Secret every {@code cgroup-guard.tls.reload-period}).
     */
    @WithDefault("1h")
    Duration rotationOverlap();

    /** With self-management off: warn (log and Warning Event) this long before the served certificate expires. */
    @WithDefault("30d")
    Duration warnBefore();
}
