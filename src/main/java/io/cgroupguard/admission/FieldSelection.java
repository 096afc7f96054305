package io.cgroupguard.admission;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Which fields of a JSON document to keep; the rest is passed over by {@link JsonSkipper} without building
 * nodes or strings.
 *
 * <p>A Deployment's pod is mostly containers, env, volumes and managedFields, none of which a decision reads,
 * and tokenizing them was most of the webhook's CPU time. Objects on the way to a kept field are walked here
 * and stay objects (with only the kept children), so "is this object present" is still answered truthfully,
 * which the mutator relies on to choose between adding a field and adding its parent. Kept values are read
 * strictly (members, commas, colons, literals); numbers and escaped strings are decoded by Jackson.
 */
final class FieldSelection {

    /** Keep the whole subtree. */
    static final FieldSelection ALL = new FieldSelection(Map.of());

    /** A value read, and the index just past it. */
    record Read(JsonNode value, int end) {
    }

    /*
     * The kept members, as parallel arrays: their names, the same names in UTF-8 (so a member name in the body is
     * compared in place, without making a String of every member passed over), and their selections.
     */
    private final String[] names;
    private final byte[][] utf8Names;
    private final FieldSelection[] selections;

    private FieldSelection(Map<String, FieldSelection> children) {
        this.names = children.keySet().toArray(String[]::new);
        this.utf8Names = new byte[names.length][];
        this.selections = new FieldSelection[names.length];
        for (int k = 0; k < names.length; k++) {
            utf8Names[k] = names[k].getBytes(StandardCharsets.UTF_8);
            selections[k] = children.get(names[k]);
        }
    }

    /** Keep these fields of an object, each with its own selection. */
    static FieldSelection of(Map<String, FieldSelection> children) {
        return new FieldSelection(Map.copyOf(children));
    }

    /** Keep these fields whole. */
    static FieldSelection fields(String... names) {
        Map<String, FieldSelection> all = new HashMap<>();
        for (String name : names) {
            all.put(name, ALL);
        }
        return of(all);
    }

    /**
     * Reads the value at {@code pos} (after white space) under this selection: objects member by member,
     * keeping the selected members (all of them under {@link #ALL}); arrays, strings and literals whole.
     */
    Read read(byte[] in, int pos, int depth, JsonSkipper skipper, ObjectMapper mapper)
            throws MalformedReviewException {
        int i = skipper.skipWhitespace(pos);
        if (i >= in.length) {
            throw skipper.error("value expected", i);
        }
        return switch (in[i]) {
            case '{' -> readObject(in, i, depth + 1, skipper, mapper);
            case '[' -> readArray(in, i, depth + 1, skipper, mapper);
            case '"' -> {
                int stop = skipper.skipString(i);
                yield new Read(mapper.getNodeFactory().textNode(string(in, i, stop, mapper)), stop);
            }
            default -> {
                int stop = skipper.skipValue(i, depth);
                yield new Read(literal(in, i, stop, mapper), stop);
            }
        };
    }

    /**
     * Which kept member the name token between {@code quote} and {@code end} (quotes included) is, or -1. Names
     * are compared as bytes; a name with an escape (never seen from the apiserver) is decoded first.
     */
    private int member(byte[] in, int quote, int end, ObjectMapper mapper) throws MalformedReviewException {
        int from = quote + 1;
        int to = end - 1;
        for (int k = from; k < to; k++) {
            if (in[k] == '\\') {
                return Arrays.asList(names).indexOf(string(in, quote, end, mapper));
            }
        }
        for (int k = 0; k < utf8Names.length; k++) {
            if (Arrays.equals(in, from, to, utf8Names[k], 0, utf8Names[k].length)) {
                return k;
            }
        }
        return -1;
    }

    private Read readObject(byte[] in, int open, int depth, JsonSkipper skipper, ObjectMapper mapper)
            throws MalformedReviewException {
        checkDepth(depth);
        ObjectNode out = mapper.getNodeFactory().objectNode();
        int i = skipper.skipWhitespace(open + 1);
        if (i < in.length && in[i] == '}') {
            return new Read(out, i + 1);
        }
        while (true) {
            if (i >= in.length || in[i] != '"') {
                throw skipper.error("member name expected", i);
            }
            int nameEnd = skipper.skipString(i);
            String name;
            FieldSelection child;
            if (this == ALL) {
                name = string(in, i, nameEnd, mapper);
                child = ALL;
            } else {
                int kept = member(in, i, nameEnd, mapper);
                name = kept < 0 ? null : names[kept];
                child = kept < 0 ? null : selections[kept];
            }
            i = skipper.skipWhitespace(nameEnd);
            if (i >= in.length || in[i] != ':') {
                throw skipper.error("':' expected", i);
            }
            if (child == null) {
                i = skipper.skipValue(i + 1, depth);
            } else {
                Read member = child.read(in, i + 1, depth, skipper, mapper);
                out.set(name, member.value());
                i = member.end();
            }
            i = skipper.skipWhitespace(i);
            if (i < in.length && in[i] == ',') {
                i = skipper.skipWhitespace(i + 1);
            } else if (i < in.length && in[i] == '}') {
                return new Read(out, i + 1);
            } else {
                throw skipper.error("',' or '}' expected", i);
            }
        }
    }

    private static Read readArray(byte[] in, int open, int depth, JsonSkipper skipper, ObjectMapper mapper)
            throws MalformedReviewException {
        checkDepth(depth);
        ArrayNode out = mapper.getNodeFactory().arrayNode();
        int i = skipper.skipWhitespace(open + 1);
        if (i < in.length && in[i] == ']') {
            return new Read(out, i + 1);
        }
        while (true) {
            Read element = ALL.read(in, i, depth, skipper, mapper);
            out.add(element.value());
            i = skipper.skipWhitespace(element.end());
            if (i < in.length && in[i] == ',') {
                i = i + 1;
            } else if (i < in.length && in[i] == ']') {
                return new Read(out, i + 1);
            } else {
                throw skipper.error("',' or ']' expected", i);
            }
        }
    }

    private static void checkDepth(int depth) throws MalformedReviewException {
        if (depth > ReviewCodec.MAX_NESTING_DEPTH) {
            throw new MalformedReviewException("JSON nested deeper than " + ReviewCodec.MAX_NESTING_DEPTH + " levels");
        }
    }

    /** A string token's text; escapes, rare in Kubernetes objects, are decoded by Jackson. */
    private static String string(byte[] in, int quote, int end, ObjectMapper mapper) throws MalformedReviewException {
        for (int k = quote + 1; k < end - 1; k++) {
            if (in[k] == '\\') {
                return parse(in, quote, end, mapper).asText();
            }
        }
        return new String(in, quote + 1, end - quote - 2, StandardCharsets.UTF_8);
    }

    private static JsonNode literal(byte[] in, int from, int to, ObjectMapper mapper) throws MalformedReviewException {
        return switch (in[from]) {
            case 't' -> BooleanNode.TRUE;
            case 'f' -> BooleanNode.FALSE;
            case 'n' -> NullNode.instance;
            default -> parse(in, from, to, mapper);
        };
    }

    private static JsonNode parse(byte[] in, int from, int to, ObjectMapper mapper) throws MalformedReviewException {
        try {
            return mapper.readTree(in, from, to - from);
        } catch (JsonProcessingException e) {
            throw new MalformedReviewException("body is not valid JSON: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new MalformedReviewException("body is not valid JSON: " + e.getMessage());
        }
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int newline = message.indexOf('\n');
        String line = newline < 0 ? message : message.substring(0, newline);
        return line.length() > 160 ? line.substring(0, 160) : line;
    }
}
