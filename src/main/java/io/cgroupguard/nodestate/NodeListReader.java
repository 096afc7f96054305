package io.cgroupguard.nodestate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
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
 * Reads a node list as {@code kubectl get nodes -o yaml} (or {@code -o json}) prints it: a {@code List} or
 * {@code NodeList} of Nodes, or a single Node. Plain Java, shared by the standalone webhook and the CLI.
 */
public final class NodeListReader {

    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final ObjectMapper YAML = new YAMLMapper();

    private final KubernetesSerialization serialization = new KubernetesSerialization();

    /** Reads a file; the exception's message names the file and what is wrong in one line. */
    public List<Node> read(Path file) throws NodeListException {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new NodeListException(file + ": no such file");
        } catch (IOException e) {
            throw new NodeListException(file + ": cannot read: " + e.getMessage());
        }
        return parse(file.toString(), content);
    }

    /** Reads a stream (the bundled example list); {@code origin} names it in errors. */
    public List<Node> read(String origin, InputStream in) throws NodeListException {
        try (in) {
            return parse(origin, in.readAllBytes());
        } catch (IOException e) {
            throw new NodeListException(origin + ": cannot read: " + e.getMessage());
        }
    }

    List<Node> parse(String origin, byte[] content) throws NodeListException {
        JsonNode root;
        try {
            root = looksLikeJson(content) ? JSON.readTree(content) : YAML.readTree(content);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
            throw new NodeListException(origin + ": not YAML or JSON" + where + ": " + oneLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new NodeListException(origin + ": not YAML or JSON: " + oneLine(e.getMessage()));
        }
        if (root == null || !root.isObject()) {
            throw new NodeListException(origin + ": not a node list (expected the output of "
                    + "'kubectl get nodes -o yaml')");
        }
        String kind = root.path("kind").asText("");
        if (kind.equals("Node")) {
            return List.of(toNode(origin, root, 0));
        }
        if (!kind.equals("List") && !kind.equals("NodeList")) {
            throw new NodeListException(origin + ": not a node list: kind is '" + kind
                    + "', expected List or NodeList (the output of 'kubectl get nodes -o yaml')");
        }
        JsonNode items = root.path("items");
        if (!items.isArray() && !items.isNull() && !items.isMissingNode()) {
            throw new NodeListException(origin + ": 'items' is not a list");
        }
        List<Node> nodes = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String itemKind = item.path("kind").asText("Node");
            if (!itemKind.equals("Node")) {
                throw new NodeListException(origin + ": item " + i + " is a " + itemKind + ", not a Node");
            }
            nodes.add(toNode(origin, item, i));
        }
        return nodes;
    }

    private Node toNode(String origin, JsonNode item, int index) throws NodeListException {
        Node node;
        try {
            node = serialization.convertValue(item, Node.class);
        } catch (RuntimeException e) {
            throw new NodeListException(origin + ": item " + index + " is not a valid Node: " + oneLine(e.getMessage()));
        }
        if (node.getMetadata() == null || node.getMetadata().getName() == null) {
            throw new NodeListException(origin + ": item " + index + " has no metadata.name");
        }
        return node;
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

    /** A node list that cannot be used; the message is one line a person can act on. */
    public static final class NodeListException extends Exception {
        public NodeListException(String message) {
            super(message);
        }
    }
}
