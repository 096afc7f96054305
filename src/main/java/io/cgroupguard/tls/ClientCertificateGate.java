package io.cgroupguard.tls;

import io.cgroupguard.admission.AdmissionRoutes;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * With client authentication on, refuses {@code /mutate} and {@code /validate} (403) to a connection that
 * presented no client certificate, and logs each refusal at WARN. A certificate that was presented has already
 * passed {@link ClientCertificateTrust} in the handshake, so its presence here means the CA signed it.
 *
 * <p>The check sits before the webhook's own routes; health and metrics stay open, because kubelet's probes carry
 * no certificate.
 */
@ApplicationScoped
public class ClientCertificateGate {

    /** Answered with 403 to a webhook request without a client certificate. */
    public static final String REFUSAL = "this webhook requires a client certificate signed by its configured CA"
            + " (cgroup-guard.tls.client-auth.ca-file); see docs/security.md\n";

    private static final Logger LOG = Logger.getLogger(ClientCertificateGate.class);

    /** Ahead of every route the webhook installs (Vert.x tries routes in ascending order, 0 upwards by default). */
    private static final int BEFORE_WEBHOOK_ROUTES = -100;

    private final TlsPolicyConfig tls;

    ClientCertificateGate(TlsPolicyConfig tls) {
        this.tls = tls;
    }

    void install(@Observes Router router) {
        if (tls.clientAuth().caFile().isEmpty()) {
            return;
        }
        for (String path : new String[]{AdmissionRoutes.MUTATE_PATH, AdmissionRoutes.VALIDATE_PATH}) {
            router.route(path).order(BEFORE_WEBHOOK_ROUTES).handler(ClientCertificateGate::check);
        }
    }

    private static void check(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (hasPeerCertificate(request.sslSession())) {
            context.next();
            return;
        }
        LOG.warnf("TLS: refused %s %s from %s: no client certificate", request.method(), request.path(),
                request.remoteAddress());
        request.response().setStatusCode(403)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain;charset=UTF-8")
                .end(REFUSAL);
    }

    private static boolean hasPeerCertificate(SSLSession session) {
        if (session == null) {
            return false;
        }
        try {
            return session.getPeerCertificates().length > 0;
        } catch (SSLPeerUnverifiedException e) {
            return false;
        }
    }
}
