package io.cgroupguard.tls;

/**
 * The JDK's TLS settings that exist only as system properties, set by the entry point before anything opens a
 * TLS connection.
 *
 * <p>{@code jdk.tls.rejectClientInitiatedRenegotiation}: the JDK lets a TLS 1.2 client ask for a new handshake on
 * an open connection as often as it likes, and each costs the server the asymmetric work of a full handshake, so
 * one client can keep a core busy (a scanner reports it as "Secure Client-Initiated Renegotiation: VULNERABLE,
 * DoS threat"). The API server never renegotiates (Go's crypto/tls server side does not support renegotiation
 * at all), so refusing it costs nothing. The JDK reads the property once, when its server handshake class is
 * initialised (sun.security.ssl.ServerHandshakeContext), so it must be set before the first handshake; a JVM
 * flag a person could forget is not enough. TLS 1.3 has no renegotiation.
 */
public final class TlsRuntimeSettings {

    static final String REJECT_CLIENT_RENEGOTIATION = "jdk.tls.rejectClientInitiatedRenegotiation";

    private TlsRuntimeSettings() {
    }

    /** Sets the properties; call before Quarkus starts. An explicit {@code -D} of a person's own wins. */
    public static void apply() {
        if (System.getProperty(REJECT_CLIENT_RENEGOTIATION) == null) {
            System.setProperty(REJECT_CLIENT_RENEGOTIATION, "true");
        }
    }
}
