package io.cgroupguard.agent;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the agent needs of a Node to patch its condition: the resource version, whether it has a status, and its
 * conditions' types, statuses and transition times in list order. Read from the API server's JSON with a
 * streaming parser that skips everything else (images, labels, addresses), so no Node model is loaded.
 *
 * @param resourceVersion {@code metadata.resourceVersion}
 * @param hasStatus       whether {@code status} is present
 * @param conditions      {@code status.conditions}, empty when absent
 */
public record NodeConditions(String resourceVersion, boolean hasStatus, List<Entry> conditions) {

    private static final JsonFactory JSON = new JsonFactory();

    /**
     * One node condition, as much of it as the patch looks at.
     *
     * @param type               e.g. {@code Ready}, {@code CgroupExhausted}
     * @param status             {@code True}, {@code False} or {@code Unknown}
     * @param lastTransitionTime RFC 3339, or null when absent
     */
    public record Entry(String type, String status, String lastTransitionTime) {
    }

    /** Reads a Node's JSON; an answer that is not a Node object is an {@link IllegalArgumentException}. */
    public static NodeConditions parse(String nodeJson) {
        try (JsonParser parser = JSON.createParser(nodeJson)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            String resourceVersion = null;
            boolean hasStatus = false;
            List<Entry> conditions = new ArrayList<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if ("metadata".equals(field) && value == JsonToken.START_OBJECT) {
                    resourceVersion = resourceVersion(parser);
                } else if ("status".equals(field) && value == JsonToken.START_OBJECT) {
                    hasStatus = true;
                    readConditions(parser, conditions);
                } else {
                    parser.skipChildren();
                }
            }
            return new NodeConditions(resourceVersion, hasStatus, List.copyOf(conditions));
        } catch (IOException e) {
            throw new IllegalArgumentException("the API server's Node is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static String resourceVersion(JsonParser parser) throws IOException {
        String version = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            if ("resourceVersion".equals(field)) {
                version = parser.getValueAsString();
            } else {
                parser.skipChildren();
            }
        }
        return version;
    }

    private static void readConditions(JsonParser parser, List<Entry> into) throws IOException {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            if (parser.nextToken() == JsonToken.START_ARRAY && "conditions".equals(field)) {
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    into.add(entry(parser));
                }
            } else {
                parser.skipChildren();
            }
        }
    }

    private static Entry entry(JsonParser parser) throws IOException {
        String type = null;
        String status = null;
        String transition = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case "type" -> type = parser.getValueAsString();
                case "status" -> status = parser.getValueAsString();
                case "lastTransitionTime" -> transition = parser.getValueAsString();
                default -> parser.skipChildren();
            }
        }
        return new Entry(type, status, transition);
    }
}
