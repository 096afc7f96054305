package io.cgroupguard.agent;

import io.cgroupguard.config.GuardConfig;
import io.cgroupguard.config.RunMode;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * In {@code agent} mode, ready once the condition is on the node and the last write went through, so
 * {@code kubectl get pods} shows an agent that cannot publish. Always up in {@code serve} mode, where it has
 * nothing to say.
 */
@Readiness
@ApplicationScoped
public class AgentReadiness implements HealthCheck {

    private final GuardConfig config;
    private final NodeAgent agent;

    AgentReadiness(GuardConfig config, NodeAgent agent) {
        this.config = config;
        this.agent = agent;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("cgroup-condition")
                .status(config.mode() != RunMode.AGENT || agent.publishing())
                .build();
    }
}
