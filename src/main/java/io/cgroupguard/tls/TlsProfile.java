package io.cgroupguard.tls;

import java.util.List;

/**
 * The TLS versions and cipher suites the webhook port offers, after Mozilla's server-side TLS guidelines
 * (version 5.7): {@code intermediate} by default, {@code modern} to tighten it to TLS 1.3 alone.
 *
 * <p>Why intermediate is the default: every API server since Kubernetes 1.0 (Go's crypto/tls) speaks TLS 1.2 with
 * ECDHE and AES-GCM, and since Go 1.12 (Kubernetes 1.14) TLS 1.3; the old clusters this guard is for may predate
 * TLS 1.3, so TLS 1.3 alone would lock them out. On TLS 1.2 only ECDHE suites (forward secrecy) with an AEAD
 * cipher (GCM, ChaCha20-Poly1305) remain: the CBC suites are what LUCKY13 (CVE-2013-0169) attacks, and a scanner
 * flags them. Mozilla's intermediate list also has three DHE suites; they are left out because a finite-field
 * handshake costs the server several times an ECDHE one, and no API server needs them.
 *
 * <p>Names are the IANA/JDK names, in order of preference: ECDSA before RSA (the guard's own certificate is
 * ECDSA), 128-bit AES first as Mozilla orders them. TLS 1.3 suites are all AEAD by the protocol's definition.
 */
public enum TlsProfile {

    /** TLS 1.3, and TLS 1.2 with ECDHE and AEAD suites only. */
    INTERMEDIATE(List.of("TLSv1.3", "TLSv1.2"), List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256")),

    /** TLS 1.3 only; for clusters whose API servers all run Kubernetes 1.14 or later. */
    MODERN(List.of("TLSv1.3"), List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256"));

    private final List<String> protocols;
    private final List<String> cipherSuites;

    TlsProfile(List<String> protocols, List<String> cipherSuites) {
        this.protocols = protocols;
        this.cipherSuites = cipherSuites;
    }

    /** Protocol names as the JDK's {@code SSLEngine.setEnabledProtocols} takes them. */
    public List<String> protocols() {
        return protocols;
    }

    /** Cipher suite names as the JDK's {@code SSLEngine.setEnabledCipherSuites} takes them, preferred first. */
    public List<String> cipherSuites() {
        return cipherSuites;
    }
}
