package io.cgroupguard.agent;

import io.cgroupguard.config.GuardConfig;
import io.cgroupguard.config.RunMode;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses the webhook's endpoints in {@code agent} mode. The agent has no node cache, so its {@code /validate}
 * would allow everything; answering 404 makes a webhook pointed at an agent by mistake fail visibly instead.
 * Health and metrics ({@code /q/...}) are not REST resources and stay served.
 */
public class AgentModeFilter {

    private final GuardConfig config;

    AgentModeFilter(GuardConfig config) {
        this.config = config;
    }

    @ServerRequestFilter(preMatching = true)
    public Response refuseWebhookInAgentMode(ContainerRequestContext request) {
        if (config.mode() != RunMode.AGENT) {
            return null;
        }
        return Response.status(Response.Status.NOT_FOUND).type(MediaType.TEXT_PLAIN)
                .entity("this is the cgroup-guard node agent; the admission webhook runs in serve mode\n").build();
    }
}
