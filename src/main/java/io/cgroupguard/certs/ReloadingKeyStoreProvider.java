package io.cgroupguard.certs;

import io.cgroupguard.config.CertificatesConfig;
import io.cgroupguard.config.GuardConfig;
import io.cgroupguard.config.TlsReloadConfig;
import io.cgroupguard.nodestate.NodeSources;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.tls.runtime.KeyStoreAndKeyCertOptions;
import io.quarkus.tls.runtime.KeyStoreProvider;
import io.vertx.core.Vertx;
import io.vertx.core.net.KeyCertOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The key store of the default TLS configuration, which the HTTPS server uses: the certificate folder's files,
 * served through a {@link ReloadingKeyManager} and read again every {@code cgroup-guard.tls.reload-period}, so a
 * rotated Secret is served without a restart and without a refused connection.
 *
 * <p>With self-managed certificates in cluster mode the pair comes from the TLS Secret through the API instead
 * ({@link SecretFollower}); until the leader has filled it, a temporary self-signed pair made at start lets the
 * server boot (the API server's calls fail until then, and failurePolicy Ignore lets pods through meanwhile).
 * Either way the served certificate's expiry is the gauge {@code cgroup_guard_certificate_expiry_seconds}.
 *
 * <p>The TLS registry asks an unqualified {@link KeyStoreProvider} bean for the default configuration's key store
 * when {@code quarkus.tls.key-store.*} sets none.
 */
@ApplicationScoped
public class ReloadingKeyStoreProvider implements KeyStoreProvider {

    private static final Logger LOG = Logger.getLogger(ReloadingKeyStoreProvider.class);
    private static final char[] NO_PASSWORD = new char[0];

    public static final String EXPIRY_GAUGE = "cgroup_guard_certificate_expiry_seconds";

    private final GuardConfig guard;
    private final TlsReloadConfig tls;
    private final CertificatesConfig certificates;
    private final NodeSources sources;
    private final Instance<KubernetesClient> client;
    private final MeterRegistry registry;
    private final ExpiryWarning expiry;
    private ReloadingKeyManager keyManager;

    ReloadingKeyStoreProvider(GuardConfig guard, TlsReloadConfig tls, CertificatesConfig certificates,
                              NodeSources sources, Instance<KubernetesClient> client, MeterRegistry registry,
                              ExpiryWarning expiry) {
        this.guard = guard;
        this.tls = tls;
        this.certificates = certificates;
        this.sources = sources;
        this.client = client;
        this.registry = registry;
        this.expiry = expiry;
    }

    @Override
    public synchronized KeyStoreAndKeyCertOptions getKeyStore(Vertx vertx) {
        if (certificates.selfManaged() && sources.cluster().isPresent()) {
            return fromSecret(vertx);
        }
        Path dir = guard.certsDir();
        try {
            ServingKeyMaterial material = ServingKeyMaterial.read(dir);
            if (keyManager == null) {
                keyManager = new ReloadingKeyManager(material);
                registerExpiryGauge();
                CertificateFollower follower = new CertificateFollower(dir, keyManager);
                follow(vertx, () -> {
                    CertificateFollower.Result result = follower.check();
                    expiry.check(keyManager.current().certificate());
                    return result;
                });
                LOG.infof("TLS: serving %s (serial %s, valid until %s), re-read every %s", dir.toAbsolutePath(),
                        material.certificate().getSerialNumber().toString(16),
                        material.certificate().getNotAfter().toInstant(), tls.reloadPeriod());
            } else {
                keyManager.update(material);
            }
            return new KeyStoreAndKeyCertOptions(snapshot(material), KeyCertOptions.wrap(keyManager));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot serve the certificate in " + dir.toAbsolutePath() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Serves the Secret's pair, after a temporary one while the Secret is empty. Made once: the key manager then
     * follows the Secret, so a later call hands out the same manager.
     */
    private KeyStoreAndKeyCertOptions fromSecret(Vertx vertx) {
        try {
            if (keyManager == null) {
                GeneratedCertificates temporary = new CertificateGenerator(Clock.systemUTC())
                        .generate(CertificateSpec.defaults());
                keyManager = new ReloadingKeyManager(new ServingKeyMaterial(temporary.servingKey(),
                        List.of(temporary.serving())));
                registerExpiryGauge();
                SecretFollower follower = new SecretFollower(client.get(), guard.namespace(),
                        certificates.secretName(), keyManager);
                LOG.warnf("TLS: self-managed certificates: serving a TEMPORARY self-signed certificate until Secret"
                        + " %s/%s holds a pair (the elected leader writes it); the API server's calls fail until"
                        + " then and failurePolicy Ignore lets pods through unguarded. The Secret is read every %s",
                        guard.namespace(), certificates.secretName(), tls.reloadPeriod());
                vertx.executeBlocking(() -> log(follower.check()), false);
                follow(vertx, follower::check);
            }
            return new KeyStoreAndKeyCertOptions(snapshot(keyManager.current()), KeyCertOptions.wrap(keyManager));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a temporary certificate: " + e.getMessage(), e);
        }
    }

    /** Unix time of the served certificate's notAfter, read at each scrape so a reload shows at once. */
    private void registerExpiryGauge() {
        ReloadingKeyManager served = keyManager;
        Gauge.builder(EXPIRY_GAUGE, served, m -> m.current().certificate().getNotAfter().getTime() / 1000.0)
                .description("Expiry (notAfter, Unix seconds) of the certificate the webhook serves")
                .register(registry);
    }

    /**
     * Checks on a worker thread every period; file and API reads must not block the event loop. A check still
     * running (an API server that does not answer) is not joined by another, so the worker pool cannot fill up.
     */
    private void follow(Vertx vertx, Supplier<CertificateFollower.Result> check) {
        AtomicBoolean running = new AtomicBoolean();
        vertx.setPeriodic(tls.reloadPeriod().toMillis(), id -> {
            if (running.compareAndSet(false, true)) {
                vertx.executeBlocking(() -> log(check.get()), false).onComplete(done -> running.set(false));
            }
        });
    }

    private static CertificateFollower.Result log(CertificateFollower.Result result) {
        switch (result.outcome()) {
            case RELOADED -> LOG.info(result.message());
            case KEPT_OLD -> LOG.warn(result.message());
            case UNCHANGED -> {
            }
        }
        return result;
    }

    /** The registry also hands out the key store itself (e.g. for an SSLContext); it gets the pair of the start. */
    private static KeyStore snapshot(ServingKeyMaterial material) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(ReloadingKeyManager.ALIAS, material.key(), NO_PASSWORD,
                material.chain().toArray(Certificate[]::new));
        return store;
    }
}
