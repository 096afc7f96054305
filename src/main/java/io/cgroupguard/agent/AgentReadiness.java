package io.cgroupguard.agent;

import io.quarkus.arc.lookup.LookupIfProperty;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * In {@code agent} mode, ready once the condition is on the node and the last write went through, so
 * {@code kubectl get pods} shows an agent that cannot publish. Listed in {@code agent} mode only: SmallRye Health
 * looks its checks up through CDI, and {@link LookupIfProperty} (read at run time, unlike a build-time
 * condition) leaves this one out of {@code serve} mode's {@code /q/health/ready}, where it would mean nothing.
 */
@Readiness
@ApplicationScoped
@LookupIfProperty(name = "cgroup-guard.mode", stringValue = "agent")
public class AgentReadiness implements HealthCheck {

    /** The check's name in {@code /q/health/ready}. */
    public static final String NAME = "cgroup-condition";

    private final NodeAgent agent;

    AgentReadiness(NodeAgent agent) {
        this.agent = agent;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(NAME).status(agent.publishing()).build();
    }
}
