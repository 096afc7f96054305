package io.cgroupguard.certs;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A server key manager whose certificate and key can be swapped while the server runs. Every TLS handshake asks it
 * for the key material, so after {@link #update} new connections get the new certificate, connections already
 * open keep theirs, and the server's SSL context is never rebuilt.
 *
 * <p>Why not the TLS registry's {@code quarkus.tls.reload-period}: it rebuilds the HTTP server's SSL context, and
 * Vert.x 4.5 closes connections accepted while the new context is being built (measured: 6 of 10 handshakes
 * refused right after a rotation). A webhook call refused that way is silently skipped by the API server.
 */
public final class ReloadingKeyManager extends X509ExtendedKeyManager {

    static final String ALIAS = "cgroup-guard";

    private final AtomicReference<ServingKeyMaterial> current;

    public ReloadingKeyManager(ServingKeyMaterial initial) {
        this.current = new AtomicReference<>(initial);
    }

    /** Serves {@code material} to every handshake from now on. */
    public void update(ServingKeyMaterial material) {
        current.set(material);
    }

    /** What handshakes get now. */
    public ServingKeyMaterial current() {
        return current.get();
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return alias(keyType);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return alias(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        String alias = alias(keyType);
        return alias == null ? null : new String[] {alias};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? current.get().chain().toArray(X509Certificate[]::new) : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? current.get().key() : null;
    }

    /** This manager serves; it never authenticates as a client. */
    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return null;
    }

    /** The one alias when the handshake asks for the key type we hold (JSSE asks "EC", "RSA", ...). */
    private String alias(String keyType) {
        String algorithm = current.get().key().getAlgorithm();
        return keyType != null && (keyType.equals(algorithm) || keyType.equals("EC") && algorithm.equals("ECDSA"))
                ? ALIAS : null;
    }
}
