package io.cgroupguard.agent;

import io.cgroupguard.nodestate.CgroupExhaustedCondition;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Builds the JSON Patch (RFC 6902) that sets the {@code CgroupExhausted} condition on a node's status and
 * touches no other condition.
 *
 * <p>Kubelet and node-problem-detector use a strategic merge patch, which merges conditions by type. A plain
 * merge patch would replace the whole list, kubelet's Ready among it. A JSON Patch addresses our entry by
 * index, and its {@code test} operation makes the write fail, rather than hit another condition, if the list
 * moved since it was read; the writer then reads again. Strategic merge would need no index, but this patch
 * works the same on every API server and on the fabric8 mock server the tests use.
 */
public final class ConditionPatch {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ConditionPatch() {
    }

    /**
     * @param node      the node as just read
     * @param condition what to publish
     * @param now       the heartbeat time, and the transition time when the status changes
     */
    public static String build(Node node, CgroupCondition condition, Instant now) {
        List<NodeCondition> conditions = node.getStatus() == null ? List.of() : node.getStatus().getConditions();
        ArrayNode ops = JSON.createArrayNode();
        for (int i = 0; i < conditions.size(); i++) {
            NodeCondition existing = conditions.get(i);
            if (CgroupExhaustedCondition.TYPE.equals(existing.getType())) {
                String transition = condition.status().equals(existing.getStatus())
                        && existing.getLastTransitionTime() != null ? existing.getLastTransitionTime() : time(now);
                ops.addObject().put("op", "test").put("path", "/status/conditions/" + i + "/type")
                        .put("value", CgroupExhaustedCondition.TYPE);
                ops.addObject().put("op", "replace").put("path", "/status/conditions/" + i)
                        .set("value", entry(condition, now, transition));
                return ops.toString();
            }
        }
        ObjectNode entry = entry(condition, now, time(now));
        if (!conditions.isEmpty()) {
            ops.addObject().put("op", "add").put("path", "/status/conditions/-").set("value", entry);
            return ops.toString();
        }
        // No list to append to: create it, but only if the node is unchanged since it was read, so a list
        // kubelet wrote in between is never overwritten.
        ops.addObject().put("op", "test").put("path", "/metadata/resourceVersion")
                .put("value", node.getMetadata().getResourceVersion());
        if (node.getStatus() == null) {
            ObjectNode status = JSON.createObjectNode();
            status.putArray("conditions").add(entry);
            ops.addObject().put("op", "add").put("path", "/status").set("value", status);
        } else {
            ops.addObject().put("op", "add").put("path", "/status/conditions").set("value",
                    JSON.createArrayNode().add(entry));
        }
        return ops.toString();
    }

    private static ObjectNode entry(CgroupCondition condition, Instant now, String transition) {
        ObjectNode entry = JSON.createObjectNode();
        entry.put("type", CgroupExhaustedCondition.TYPE);
        entry.put("status", condition.status());
        entry.put("reason", condition.reason());
        entry.put("message", condition.message());
        entry.put("lastHeartbeatTime", time(now));
        entry.put("lastTransitionTime", transition);
        return entry;
    }

    /** RFC 3339 in whole seconds, as metav1.Time serializes. */
    static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
