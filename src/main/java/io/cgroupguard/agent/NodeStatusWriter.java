package io.cgroupguard.agent;

import io.cgroupguard.apiclient.ApiClient;
import io.cgroupguard.apiclient.ApiException;
import io.cgroupguard.kube.RetryPolicy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Writes the {@code CgroupExhausted} condition on one node through the {@code nodes/status} subresource: a
 * GET of the node and a JSON Patch of its status (RBAC: {@code get nodes}, {@code patch nodes/status}).
 */
public final class NodeStatusWriter implements ConditionWriter {

    /**
     * A failed {@code test} (422) or a conflict (409) means the node moved under us: read it again at once, three
     * times in all; the agent's loop retries the whole write later with its own backoff.
     */
    static final RetryPolicy MOVED = new RetryPolicy(3, Duration.ZERO, Duration.ZERO);
    /** RFC 6902, as the API server names it. */
    static final String JSON_PATCH = "application/json-patch+json";

    private final ApiClient client;

    public NodeStatusWriter(ApiClient client) {
        this.client = client;
    }

    /**
     * @throws ApiException when the node is gone (404), the API server cannot be reached or refuses, or the node
     *                      kept changing for three attempts
     */
    @Override
    public void write(String nodeName, CgroupCondition condition, Instant now) {
        String path = "/api/v1/nodes/" + URLEncoder.encode(nodeName, StandardCharsets.UTF_8);
        for (int attempt = 1; ; attempt++) {
            NodeConditions node;
            try {
                node = NodeConditions.parse(client.get(path));
            } catch (IllegalArgumentException e) {
                throw new ApiException("GET " + path + ": " + e.getMessage(), e);
            }
            try {
                client.patch(path + "/status", JSON_PATCH, ConditionPatch.build(node, condition, now));
                return;
            } catch (ApiException e) {
                boolean moved = e.code() == 409 || e.code() == 422;
                if (!moved || MOVED.exhausted(attempt)) {
                    throw e;
                }
            }
        }
    }
}
