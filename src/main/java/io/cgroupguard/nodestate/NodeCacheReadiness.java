package io.cgroupguard.nodestate;

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

    /** The check's name in {@code /q/health/ready}. */
    public static final String NAME = "node-cache";

    private final NodeStateIndex index;

    NodeCacheReadiness(NodeStateIndex index) {
        this.index = index;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named(NAME)
                .status(index.synced())
                .withData("exhausted", index.exhaustedCount())
                .build();
    }
}
