package io.cgroupguard.certs;

import io.cgroupguard.config.CertificatesConfig;
import io.cgroupguard.config.GuardConfig;
import io.cgroupguard.nodestate.NodeSources;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * With self-management off nobody in the guard renews its certificate: this warns (a log line, and a Warning
 * Event in the guard's namespace in cluster mode) from {@code cgroup-guard.certificates.warn-before} ahead of the
 * served certificate's expiry, once a day. An expired webhook certificate fails open silently: the API server
 * skips the webhook and pods land on exhausted nodes again.
 */
@ApplicationScoped
public class ExpiryWarning {

    private static final Logger LOG = Logger.getLogger(ExpiryWarning.class);
    static final Duration REPEAT = Duration.ofDays(1);

    private final GuardConfig guard;
    private final CertificatesConfig config;
    private final NodeSources sources;
    private final Instance<KubernetesClient> client;
    private final Clock clock = Clock.systemUTC();
    private Instant lastWarned;

    ExpiryWarning(GuardConfig guard, CertificatesConfig config, NodeSources sources, Instance<KubernetesClient> client) {
        this.guard = guard;
        this.config = config;
        this.sources = sources;
        this.client = client;
    }

    /** The warning for a certificate expiring at {@code notAfter}, seen at {@code now}; empty while it is far off. */
    public static Optional<String> due(Instant notAfter, Instant now, Duration warnBefore) {
        if (now.isBefore(notAfter.minus(warnBefore))) {
            return Optional.empty();
        }
        return Optional.of(now.isBefore(notAfter)
                ? "the webhook's serving certificate expires at " + notAfter + " (in "
                + Duration.between(now, notAfter).toHours() / 24 + " days); renew it (certs --force, or cert-manager)"
                + " or set cgroup-guard.certificates.self-managed=true, or the API server will skip the webhook"
                : "the webhook's serving certificate EXPIRED at " + notAfter + ": the API server skips the webhook"
                + " (failurePolicy Ignore) and nothing is guarded; renew it now");
    }

    /** Warns about {@code served} when it is due and the last warning is a day old. */
    public synchronized void check(X509Certificate served) {
        Instant now = clock.instant();
        Optional<String> warning = due(served.getNotAfter().toInstant(), now, config.warnBefore());
        if (warning.isEmpty() || lastWarned != null && now.isBefore(lastWarned.plus(REPEAT))) {
            return;
        }
        lastWarned = now;
        LOG.warn("TLS: " + warning.get());
        if (sources.cluster().isEmpty()) {
            return;
        }
        try {
            client.get().v1().events().inNamespace(guard.namespace()).resource(new EventBuilder()
                    .withNewMetadata().withName(config.secretName() + "." + UUID.randomUUID().toString().substring(0, 8))
                    .withNamespace(guard.namespace()).endMetadata()
                    .withType("Warning").withReason("CertificateExpiring").withMessage(warning.get())
                    .withFirstTimestamp(now.toString()).withLastTimestamp(now.toString()).withCount(1)
                    .withNewSource().withComponent("cgroup-guard").endSource()
                    .withNewInvolvedObject().withKind("Secret").withApiVersion("v1").withNamespace(guard.namespace())
                    .withName(config.secretName()).endInvolvedObject().build()).create();
        } catch (RuntimeException e) {
            LOG.warnf("TLS: could not record the expiry warning as an Event (%s)", e.getMessage());
        }
    }
}
