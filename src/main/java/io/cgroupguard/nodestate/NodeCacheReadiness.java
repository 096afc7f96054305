package io.cgroupguard.nodestate;

import io.cgroupguard.config.GuardConfig;
import io.cgroupguard.config.RunMode;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only once node state is loaded: a webhook that answers before it knows the nodes would let pods onto
 * exhausted ones, so the Service keeps it out of rotation until then.
 */
@Readiness
@ApplicationScoped
public class NodeCacheReadiness implements HealthCheck {

    private final NodeStateIndex index;
    private final GuardConfig config;

    NodeCacheReadiness(NodeStateIndex index, GuardConfig config) {
        this.index = index;
        this.config = config;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("node-cache")
                // The agent keeps no node cache; its readiness is AgentReadiness.
                .status(index.synced() || config.mode() != RunMode.SERVE)
                .withData("exhausted", index.exhaustedCount())
                .build();
    }
}
