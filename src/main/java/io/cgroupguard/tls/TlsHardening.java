package io.cgroupguard.tls;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.TrustOptions;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Puts the configured {@link TlsProfile} and client authentication on the HTTPS server's options, after Quarkus
 * has put its own TLS settings there, so this one place decides what the webhook port offers.
 *
 * <p>Client certificates are requested, not required, in the handshake: kubelet's HTTPS probes of
 * {@code /q/health} present none, and must still get in. A certificate that is presented is checked against the
 * CA in the handshake ({@link ClientCertificateTrust}, which logs a refusal); {@link ClientCertificateGate}
 * refuses the webhook paths to a connection without one.
 */
@ApplicationScoped
public class TlsHardening implements HttpServerOptionsCustomizer {

    private static final Logger LOG = Logger.getLogger(TlsHardening.class);

    private final TlsPolicyConfig tls;

    TlsHardening(TlsPolicyConfig tls) {
        this.tls = tls;
    }

    @Override
    public void customizeHttpsServer(HttpServerOptions options) {
        applyProfile(tls.profile(), options);
        String clients = "any client (cgroup-guard.tls.client-auth.ca-file is not set)";
        if (tls.clientAuth().caFile().isPresent()) {
            Path caFile = tls.clientAuth().caFile().get();
            requestClientCertificates(caFile, options);
            clients = "on /mutate and /validate, only clients with a certificate signed by " + caFile;
        }
        LOG.infof("TLS: profile %s (%s; %d cipher suites), webhook answers %s", tls.profile().name().toLowerCase(),
                String.join(", ", tls.profile().protocols()), tls.profile().cipherSuites().size(), clients);
    }

    /** Replaces whatever protocols and suites the options hold with the profile's. */
    static void applyProfile(TlsProfile profile, HttpServerOptions options) {
        options.setEnabledSecureTransportProtocols(new LinkedHashSet<>(profile.protocols()));
        for (String suite : List.copyOf(options.getEnabledCipherSuites())) {
            options.removeEnabledCipherSuite(suite);
        }
        profile.cipherSuites().forEach(options::addEnabledCipherSuite);
    }

    private static void requestClientCertificates(Path caFile, HttpServerOptions options) {
        try {
            options.setTrustOptions(TrustOptions.wrap(ClientCertificateTrust.fromPem(caFile)));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("cgroup-guard.tls.client-auth.ca-file " + caFile.toAbsolutePath()
                    + " holds no usable CA certificate: " + e.getMessage(), e);
        }
        options.setClientAuth(ClientAuth.REQUEST);
    }
}
