package io.cgroupguard.admission;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Map;

/**
 * Which fields of a JSON document to keep while streaming through it; everything else is skipped by the
 * tokenizer without building nodes or strings.
 *
 * <p>A Deployment's pod is mostly containers, env, volumes and managedFields, none of which a decision reads.
 * Keeping only the selected paths makes the parse several times cheaper than a full tree. Objects on the way
 * to a kept field stay objects (with only the kept children), so "is this object present" is still answered
 * truthfully, which the mutator relies on to choose between adding a field and adding its parent.
 */
final class FieldSelection {

    /** Keep the whole subtree. */
    static final FieldSelection ALL = new FieldSelection(Map.of());

    private final Map<String, FieldSelection> children;

    private FieldSelection(Map<String, FieldSelection> children) {
        this.children = children;
    }

    /** Keep these fields of an object, each with its own selection. */
    static FieldSelection of(Map<String, FieldSelection> children) {
        return new FieldSelection(Map.copyOf(children));
    }

    /** Keep these fields whole. */
    static FieldSelection fields(String... names) {
        Map<String, FieldSelection> all = new java.util.HashMap<>();
        for (String name : names) {
            all.put(name, ALL);
        }
        return of(all);
    }

    /**
     * Reads the value at the parser's current token. Objects are read field by field under this selection;
     * any other value (and every value under {@link #ALL}) is read whole.
     */
    JsonNode read(JsonParser parser, ObjectMapper mapper) throws IOException {
        if (this == ALL || parser.currentToken() != JsonToken.START_OBJECT) {
            return mapper.readTree(parser);
        }
        ObjectNode out = mapper.getNodeFactory().objectNode();
        for (JsonToken t = parser.nextToken(); t == JsonToken.FIELD_NAME; t = parser.nextToken()) {
            String name = parser.currentName();
            parser.nextToken();
            FieldSelection child = children.get(name);
            if (child == null) {
                parser.skipChildren();
            } else {
                out.set(name, child.read(parser, mapper));
            }
        }
        return out;
    }
}
