package io.cgroupguard.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * RFC 6902 JSON Patch, as much as the guard needs: building {@code add} operations against the request object,
 * and applying a patch (for the {@code review} command and for tests that check a patch by its result).
 */
public final class JsonPatch {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ArrayNode operations = JSON.arrayNode();

    /** Appends an {@code add} operation. */
    public JsonPatch add(String path, JsonNode value) {
        operations.addObject().put("op", "add").put("path", path).set("value", value);
        return this;
    }

    public boolean isEmpty() {
        return operations.isEmpty();
    }

    public ArrayNode operations() {
        return operations;
    }

    /** Escapes one path segment (RFC 6901): {@code ~} as {@code ~0}, {@code /} as {@code ~1}. */
    public static String escape(String segment) {
        return segment.replace("~", "~0").replace("/", "~1");
    }

    /**
     * Applies {@code add}, {@code replace} and {@code remove} operations to a copy of the document.
     *
     * @throws IllegalArgumentException when an operation does not fit the document
     */
    public static JsonNode apply(JsonNode document, ArrayNode patch) {
        JsonNode result = document.deepCopy();
        for (JsonNode op : patch) {
            result = applyOne(result, op.path("op").asText(), op.path("path").asText(), op.get("value"));
        }
        return result;
    }

    private static JsonNode applyOne(JsonNode root, String op, String path, JsonNode value) {
        if (path.isEmpty()) {
            if (!op.equals("add") && !op.equals("replace")) {
                throw new IllegalArgumentException("cannot " + op + " the whole document");
            }
            return value.deepCopy();
        }
        int cut = path.lastIndexOf('/');
        JsonNode parent = root.at(path.substring(0, cut));
        String last = path.substring(cut + 1).replace("~1", "/").replace("~0", "~");
        if (parent instanceof ObjectNode object) {
            requirePresence(op, object.has(last), path);
            if (op.equals("remove")) {
                object.remove(last);
            } else {
                object.set(last, value.deepCopy());
            }
        } else if (parent instanceof ArrayNode array) {
            int index = last.equals("-") ? array.size() : Integer.parseInt(last);
            boolean exists = index < array.size();
            requirePresence(op, exists, path);
            switch (op) {
                case "add" -> array.insert(index, value.deepCopy());
                case "replace" -> array.set(index, value.deepCopy());
                case "remove" -> array.remove(index);
                default -> throw new IllegalArgumentException("unsupported op " + op);
            }
        } else {
            throw new IllegalArgumentException("no container at " + path);
        }
        return root;
    }

    private static void requirePresence(String op, boolean present, String path) {
        if (!op.equals("add") && !present) {
            throw new IllegalArgumentException(op + " of missing " + path);
        }
    }
}
