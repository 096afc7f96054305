package io.cgroupguard.snapshot;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a snapshot of cluster objects as {@code kubectl get KIND -o yaml} (or {@code -o json}) prints it: a
 * {@code List} or {@code <Kind>List} of one kind. Plain Java, shared by the standalone webhook and the CLI.
 * Every error is one line that names the file and what is wrong.
 *
 * @param <T> the object type read
 */
public final class ListFileReader<T extends HasMetadata> {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final ObjectMapper YAML = new YAMLMapper();
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private final Class<T> type;
    private final String kind;
    private final String oneOf;
    private final String noun;
    private final String command;
    private final boolean singleObjectAccepted;

    private ListFileReader(Class<T> type, String kind, String oneOf, String noun, String command,
                           boolean singleObjectAccepted) {
        this.type = type;
        this.kind = kind;
        this.oneOf = oneOf;
        this.noun = noun;
        this.command = command;
        this.singleObjectAccepted = singleObjectAccepted;
    }

    /** Nodes, from {@code kubectl get nodes -o yaml}; a single Node (from {@code get node N}) is read too. */
    public static ListFileReader<Node> nodes() {
        return new ListFileReader<>(Node.class, "Node", "a Node", "a node list", "kubectl get nodes -o yaml", true);
    }

    /** Core v1 Events, from {@code kubectl get events -A -o yaml}. */
    public static ListFileReader<Event> events() {
        return new ListFileReader<>(Event.class, "Event", "an Event", "an event list", "kubectl get events -A -o yaml", false);
    }

    /** Reads a file. */
    public List<T> read(Path file) throws ListFileException {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ListFileException(file + ": no such file");
        } catch (IOException e) {
            throw new ListFileException(file + ": cannot read: " + e.getMessage());
        }
        return parse(file.toString(), content);
    }

    /** Reads a stream (a list bundled in the jar); {@code origin} names it in errors. */
    public List<T> read(String origin, InputStream in) throws ListFileException {
        try (in) {
            return parse(origin, in.readAllBytes());
        } catch (IOException e) {
            throw new ListFileException(origin + ": cannot read: " + e.getMessage());
        }
    }

    List<T> parse(String origin, byte[] content) throws ListFileException {
        JsonNode root;
        try {
            root = looksLikeJson(content) ? JSON.readTree(content) : YAML.readTree(content);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new ListFileException(origin + ": not YAML or JSON" + where + ": " + oneLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ListFileException(origin + ": not YAML or JSON: " + oneLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new ListFileException(origin + ": not " + noun + " (expected the output of '" + command + "')");
        }
        String rootKind = root.path("kind").asText("");
        if (singleObjectAccepted && rootKind.equals(kind)) {
            return List.of(convert(origin, root, 0));
        }
        if (!rootKind.equals("List") && !rootKind.equals(kind + "List")) {
            throw new ListFileException(origin + ": not " + noun + ": kind is '" + rootKind + "', expected List or "
                    + kind + "List (the output of '" + command + "')");
        }
        JsonNode items = root.path("items");
        if (!items.isArray() && !items.isNull() && !items.isMissingNode()) {
            throw new ListFileException(origin + ": 'items' is not a list");
        }
        List<T> objects = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            String itemKind = items.get(i).path("kind").asText(kind);
            if (!itemKind.equals(kind)) {
                throw new ListFileException(origin + ": item " + i + " is a " + itemKind + ", not " + oneOf);
            }
            objects.add(convert(origin, items.get(i), i));
        }
        return objects;
    }

    private T convert(String origin, JsonNode item, int index) throws ListFileException {
        T object;
        try {
            object = SERIALIZATION.convertValue(item, type);
        } catch (RuntimeException e) {
            throw new ListFileException(origin + ": item " + index + " is not a valid " + kind + ": "
                    + oneLine(e.getMessage()));
        }
        if (object.getMetadata() == null || object.getMetadata().getName() == null) {
            throw new ListFileException(origin + ": item " + index + " has no metadata.name");
        }
        return object;
    }

    /** Parser messages span lines (a snippet, a caret); a CLI error and a log line must be one. */
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
}
