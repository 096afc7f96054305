package io.cgroupguard.certs;

import io.cgroupguard.config.GuardConfig;
import io.cgroupguard.config.RunMode;
import io.cgroupguard.config.TlsReloadConfig;
import io.quarkus.tls.runtime.KeyStoreAndKeyCertOptions;
import io.quarkus.tls.runtime.KeyStoreProvider;
import io.vertx.core.Vertx;
import io.vertx.core.net.KeyCertOptions;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;

/**
 * The key store of the default TLS configuration, which the HTTPS server uses: the certificate folder's files,
 * served through a {@link ReloadingKeyManager} and read again every {@code cgroup-guard.tls.reload-period}, so a
 * rotated Secret is served without a restart and without a refused connection.
 *
 * <p>The TLS registry asks an unqualified {@link KeyStoreProvider} bean for the default configuration's key store
 * when {@code quarkus.tls.key-store.*} sets none. The agent serves plain HTTP and has no certificates: none here.
 */
@ApplicationScoped
public class ReloadingKeyStoreProvider implements KeyStoreProvider {

    private static final Logger LOG = Logger.getLogger(ReloadingKeyStoreProvider.class);
    private static final char[] NO_PASSWORD = new char[0];

    private final GuardConfig guard;
    private final TlsReloadConfig tls;
    private ReloadingKeyManager keyManager;

    ReloadingKeyStoreProvider(GuardConfig guard, TlsReloadConfig tls) {
        this.guard = guard;
        this.tls = tls;
    }

    @Override
    public synchronized KeyStoreAndKeyCertOptions getKeyStore(Vertx vertx) {
        if (guard.mode() == RunMode.AGENT) {
            return null;
        }
        Path dir = guard.certsDir();
        try {
            ServingKeyMaterial material = ServingKeyMaterial.read(dir);
            if (keyManager == null) {
                keyManager = new ReloadingKeyManager(material);
                follow(vertx, new CertificateFollower(dir, keyManager));
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

    /** Checks the files on a worker thread every period; file reads must not block the event loop. */
    private void follow(Vertx vertx, CertificateFollower follower) {
        vertx.setPeriodic(tls.reloadPeriod().toMillis(), id -> vertx.executeBlocking(() -> {
            CertificateFollower.Result result = follower.check();
            switch (result.outcome()) {
                case RELOADED -> LOG.info(result.message());
                case KEPT_OLD -> LOG.warn(result.message());
                case UNCHANGED -> {
                }
            }
            return result;
        }, false));
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
