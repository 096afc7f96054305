package io.cgroupguard.agent;

import io.cgroupguard.kube.RetryPolicy;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

import java.time.Duration;
import java.time.Instant;

/**
 * Writes the {@code CgroupExhausted} condition on one node through the {@code nodes/status} subresource: a
 * GET of the node and a PATCH of its status (RBAC: {@code get nodes}, {@code patch nodes/status}).
 */
public final class NodeConditionWriter implements ConditionWriter {

    /**
     * A failed {@code test} (422) or a conflict (409) means the node moved under us: read it again at once, three
     * times in all; the agent's loop retries the whole write later with its own backoff.
     */
    static final RetryPolicy MOVED = new RetryPolicy(3, Duration.ZERO, Duration.ZERO);

    private final KubernetesClient client;

    public NodeConditionWriter(KubernetesClient client) {
        this.client = client;
    }

    /**
     * @throws KubernetesClientException when the node is gone, the API server cannot be reached, or the node
     *                                   kept changing for three attempts
     */
    @Override
    public void write(String nodeName, CgroupCondition condition, Instant now) {
        for (int attempt = 1; ; attempt++) {
            Node node = client.nodes().withName(nodeName).get();
            if (node == null) {
                throw new KubernetesClientException("node " + nodeName + " does not exist", 404, null);
            }
            try {
                client.nodes().withName(nodeName).subresource("status")
                        .patch(PatchContext.of(PatchType.JSON), ConditionPatch.build(node, condition, now));
                return;
            } catch (KubernetesClientException e) {
                boolean moved = e.getCode() == 409 || e.getCode() == 422;
                if (!moved || MOVED.exhausted(attempt)) {
                    throw e;
                }
            }
        }
    }
}
