package io.cgroupguard.agent;

import io.cgroupguard.admission.AdmissionRoutes;
import io.cgroupguard.config.GuardConfig;
import io.cgroupguard.config.RunMode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Refuses the webhook's endpoints in {@code agent} mode. The agent has no node cache, so a {@code /validate}
 * there would allow everything; answering 404 with a reason makes a webhook pointed at an agent by mistake fail
 * visibly instead. Health and metrics ({@code /q/...}) stay served.
 */
@ApplicationScoped
public class WebhookRefusal {

    static final String REASON = "this is the cgroup-guard node agent; the admission webhook runs in serve mode\n";

    private final GuardConfig config;

    WebhookRefusal(GuardConfig config) {
        this.config = config;
    }

    void install(@Observes Router router) {
        if (config.mode() != RunMode.AGENT) {
            return;
        }
        for (String path : new String[]{AdmissionRoutes.MUTATE_PATH, AdmissionRoutes.VALIDATE_PATH}) {
            router.route(path).handler(context -> context.response().setStatusCode(404)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain;charset=UTF-8").end(REASON));
        }
    }
}
