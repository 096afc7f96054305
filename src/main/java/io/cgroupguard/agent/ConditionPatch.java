package io.cgroupguard.agent;

import io.cgroupguard.nodestate.CgroupExhaustedCondition;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
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
 * works the same on every API server and on the fabric8 mock server the tests use, and keeps the entry's
 * transition time from what is on the node rather than from what this process remembers (it may have restarted).
 */
public final class ConditionPatch {

    private static final JsonFactory JSON = new JsonFactory();

    private ConditionPatch() {
    }

    /**
     * @param node      the node as just read
     * @param condition what to publish
     * @param now       the heartbeat time, and the transition time when the status changes
     */
    public static String build(NodeConditions node, CgroupCondition condition, Instant now) {
        StringWriter out = new StringWriter();
        try (JsonGenerator ops = JSON.createGenerator(out)) {
            ops.writeStartArray();
            write(ops, node, condition, now);
            ops.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void write(JsonGenerator ops, NodeConditions node, CgroupCondition condition, Instant now)
            throws IOException {
        List<NodeConditions.Entry> conditions = node.conditions();
        for (int i = 0; i < conditions.size(); i++) {
            NodeConditions.Entry existing = conditions.get(i);
            if (CgroupExhaustedCondition.TYPE.equals(existing.type())) {
                String transition = condition.status().equals(existing.status())
                        && existing.lastTransitionTime() != null ? existing.lastTransitionTime() : time(now);
                operation(ops, "test", "/status/conditions/" + i + "/type");
                ops.writeStringField("value", CgroupExhaustedCondition.TYPE);
                ops.writeEndObject();
                operation(ops, "replace", "/status/conditions/" + i);
                ops.writeFieldName("value");
                entry(ops, condition, now, transition);
                ops.writeEndObject();
                return;
            }
        }
        if (!conditions.isEmpty()) {
            operation(ops, "add", "/status/conditions/-");
            ops.writeFieldName("value");
            entry(ops, condition, now, time(now));
            ops.writeEndObject();
            return;
        }
        // No list to append to: create it, but only if the node is unchanged since it was read, so a list
        // kubelet wrote in between is never overwritten.
        operation(ops, "test", "/metadata/resourceVersion");
        ops.writeStringField("value", node.resourceVersion());
        ops.writeEndObject();
        if (!node.hasStatus()) {
            operation(ops, "add", "/status");
            ops.writeObjectFieldStart("value");
            ops.writeArrayFieldStart("conditions");
        } else {
            operation(ops, "add", "/status/conditions");
            ops.writeArrayFieldStart("value");
        }
        entry(ops, condition, now, time(now));
        ops.writeEndArray();
        if (!node.hasStatus()) {
            ops.writeEndObject();
        }
        ops.writeEndObject();
    }

    /** Opens an operation object with its {@code op} and {@code path}; the caller adds the value and closes it. */
    private static void operation(JsonGenerator ops, String op, String path) throws IOException {
        ops.writeStartObject();
        ops.writeStringField("op", op);
        ops.writeStringField("path", path);
    }

    private static void entry(JsonGenerator ops, CgroupCondition condition, Instant now, String transition)
            throws IOException {
        ops.writeStartObject();
        ops.writeStringField("type", CgroupExhaustedCondition.TYPE);
        ops.writeStringField("status", condition.status());
        ops.writeStringField("reason", condition.reason());
        ops.writeStringField("message", condition.message());
        ops.writeStringField("lastHeartbeatTime", time(now));
        ops.writeStringField("lastTransitionTime", transition);
        ops.writeEndObject();
    }

    /** RFC 3339 in whole seconds, as metav1.Time serializes. */
    static String time(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
