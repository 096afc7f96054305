package io.cgroupguard.labeller;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an event list as {@code kubectl get events -A -o yaml} (or {@code -o json}) prints it: a {@code List} or
 * {@code EventList} of core/v1 Events. Errors are one line naming the file and what is wrong.
 */
public final class EventListReader {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final ObjectMapper YAML = new YAMLMapper();

    private final KubernetesSerialization serialization = new KubernetesSerialization();

    public List<Event> read(Path file) throws EventListException {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new EventListException(file + ": no such file");
        } catch (IOException e) {
            throw new EventListException(file + ": cannot read: " + e.getMessage());
        }
        JsonNode root;
        try {
            root = looksLikeJson(content) ? JSON.readTree(content) : YAML.readTree(content);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new EventListException(file + ": not YAML or JSON" + where + ": " + oneLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new EventListException(file + ": not YAML or JSON: " + oneLine(e.getMessage()));
        }
        String kind = root == null ? "" : root.path("kind").asText("");
        if (!kind.equals("List") && !kind.equals("EventList")) {
            throw new EventListException(file + ": not an event list: kind is '" + kind
                    + "', expected List or EventList (the output of 'kubectl get events -A -o yaml')");
        }
        JsonNode items = root.path("items");
        if (!items.isArray() && !items.isNull() && !items.isMissingNode()) {
            throw new EventListException(file + ": 'items' is not a list");
        }
        List<Event> events = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String itemKind = item.path("kind").asText("Event");
            if (!itemKind.equals("Event")) {
                throw new EventListException(file + ": item " + i + " is a " + itemKind + ", not an Event");
            }
            Event event;
            try {
                event = serialization.convertValue(item, Event.class);
            } catch (RuntimeException e) {
                throw new EventListException(file + ": item " + i + " is not a valid Event: " + e.getMessage());
            }
            if (event.getMetadata() == null || event.getMetadata().getName() == null) {
                throw new EventListException(file + ": item " + i + " has no metadata.name");
            }
            events.add(event);
        }
        return events;
    }

    /** Parser messages span lines (a snippet, a caret); a CLI error must be one. */
    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", "; ");
    }

    private static boolean looksLikeJson(byte[] content) {
        for (byte b : content) {
            if (!Character.isWhitespace(b)) {
                return b == '{' || b == '[';
            }
        }
        return false;
    }

    /** An event list that cannot be used; the message is one line a person can act on. */
    public static final class EventListException extends Exception {
        public EventListException(String message) {
            super(message);
        }
    }
}
