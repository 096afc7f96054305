package io.cgroupguard.snapshot;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

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
        return read(file, Function.identity());
    }

    /**
     * Reads a file, turning each object into what the caller keeps as soon as it is read. Items are streamed
     * one at a time, so a 5,000-node list never sits in memory whole, neither as a tree nor as typed Nodes.
     */
    public <R> List<R> read(Path file, Function<? super T, ? extends R> keep) throws ListFileException {
        // Parsed straight from the file, twice (the syntax pass, then the items), never held whole: a 5,000-node
        // list is 22 MB, which as one array went straight to the old generation and grew it for good. Each pass
        // reads through the parser's own small buffer; Files.readAllBytes read the file in one channel read, for
        // which the JDK allocates a direct buffer of the file's size and keeps it cached in the reading thread
        // (sun.nio.ch.Util): 22 MiB of native memory held by the nodes-file poller (BENCHMARKS.md, Footprint).
        Input input = () -> Files.newInputStream(file);
        boolean json;
        try {
            json = looksLikeJson(input);
        } catch (NoSuchFileException e) {
            throw new ListFileException(file + ": no such file");
        } catch (IOException e) {
            throw new ListFileException(file + ": cannot read: " + e.getMessage());
        }
        return parse(file.toString(), json, input, keep);
    }

    /** Reads a stream (a list bundled in the jar); {@code origin} names it in errors. */
    public <R> List<R> read(String origin, InputStream in, Function<? super T, ? extends R> keep)
            throws ListFileException {
        byte[] content;
        try (in) {
            content = in.readAllBytes();
        } catch (IOException e) {
            throw new ListFileException(origin + ": cannot read: " + e.getMessage());
        }
        return parse(origin, content, keep);
    }

    List<T> parse(String origin, byte[] content) throws ListFileException {
        return parse(origin, content, Function.identity());
    }

    private <R> List<R> parse(String origin, byte[] content, Function<? super T, ? extends R> keep)
            throws ListFileException {
        Input input = () -> new ByteArrayInputStream(content);
        try {
            return parse(origin, looksLikeJson(input), input, keep);
        } catch (IOException e) {
            throw new ListFileException(origin + ": cannot read: " + e.getMessage());
        }
    }

    private <R> List<R> parse(String origin, boolean json, Input input, Function<? super T, ? extends R> keep)
            throws ListFileException {
        ObjectMapper mapper = json ? JSON : YAML;
        ObjectNode root = mapper.createObjectNode();
        List<R> kept = new ArrayList<>();
        boolean listed = false;
        try {
            // A syntax error anywhere is reported as one, before any item is judged: one cheap pass that
            // builds nothing, then the pass that streams the items.
            checkSyntax(mapper, input);
        } catch (JsonProcessingException e) {
            throw syntaxError(origin, e);
        } catch (IOException e) {
            throw new ListFileException(origin + ": not YAML or JSON: " + oneLine(e.getMessage()));
        }
        try (JsonParser parser = mapper.getFactory().createParser(input.open())) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new ListFileException(origin + ": not " + noun + " (expected the output of '" + command + "')");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("items") && value == JsonToken.START_ARRAY) {
                    listed = true;
                    for (int i = 0; parser.nextToken() != JsonToken.END_ARRAY; i++) {
                        kept.add(keep.apply(item(origin, mapper.readTree(parser), i)));
                    }
                } else if (field.equals("items") && value != JsonToken.VALUE_NULL) {
                    throw new ListFileException(origin + ": 'items' is not a list");
                } else {
                    root.set(field, mapper.readTree(parser));
                }
            }
        } catch (JsonProcessingException e) {
            throw syntaxError(origin, e);
        } catch (IOException e) {
            throw new ListFileException(origin + ": not YAML or JSON: " + oneLine(e.getMessage()));
        }
        String rootKind = root.path("kind").asText("");
        if (singleObjectAccepted && !listed && rootKind.equals(kind)) {
            return List.of(keep.apply(convert(origin, root, 0)));
        }
        if (!rootKind.equals("List") && !rootKind.equals(kind + "List")) {
            throw new ListFileException(origin + ": not " + noun + ": kind is '" + rootKind + "', expected List or "
                    + kind + "List (the output of '" + command + "')");
        }
        return kept;
    }

    private static ListFileException syntaxError(String origin, JsonProcessingException e) {
        String where = e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
        return new ListFileException(origin + ": not YAML or JSON" + where + ": " + oneLine(e.getOriginalMessage()));
    }

    private static void checkSyntax(ObjectMapper mapper, Input input) throws IOException {
        try (JsonParser parser = mapper.getFactory().createParser(input.open())) {
            while (parser.nextToken() != null) {
                parser.skipChildren();
            }
        }
    }

    private T item(String origin, JsonNode item, int index) throws ListFileException {
        String itemKind = item.path("kind").asText(kind);
        if (!itemKind.equals(kind)) {
            throw new ListFileException(origin + ": item " + index + " is a " + itemKind + ", not " + oneOf);
        }
        return convert(origin, item, index);
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

    private static boolean looksLikeJson(Input input) throws IOException {
        try (InputStream in = new BufferedInputStream(input.open())) {
            for (int b = in.read(); b >= 0; b = in.read()) {
                if (!Character.isWhitespace(b)) {
                    return b == '{' || b == '[';
                }
            }
        }
        return false;
    }

    /** Where a list is read from, opened once per pass. */
    @FunctionalInterface
    private interface Input {
        InputStream open() throws IOException;
    }
}
