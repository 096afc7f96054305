package io.cgroupguard.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The codec skips most of a body without parsing it; these tests check that this never costs correctness:
 * on thousands of damaged bodies it either refuses with a {@link MalformedReviewException} or reads exactly
 * what a full JSON parse reads.
 */
class ReviewCodecRobustnessTest {

    private static final String PUNCTUATION = "{}[]\",:\\ 0a-";

    private final ReviewCodec codec = new ReviewCodec();
    private final ObjectMapper jackson = new ObjectMapper();

    @Test
    void damagedBodies_areRefusedOrReadLikeAFullParse() throws Exception {
        // The example pod, with the label and annotation that decisions read, so that damage can reach them.
        byte[] original = Files.readString(Path.of("examples/review-create-pod.json"))
                .replaceFirst("\"labels\": \\{", "\"labels\": {\"cgroup-guard.io/exempt\": \"false\", ")
                .replaceFirst("\"annotations\": \\{", "\"annotations\": {\"cgroup-guard.io/affinity\": \"injected\", ")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals("injected", jackson.readTree(original)
                .at("/request/object/metadata/annotations/cgroup-guard.io~1affinity").asText(), "annotation planted");
        assertEquals("false", jackson.readTree(original)
                .at("/request/object/metadata/labels/cgroup-guard.io~1exempt").asText(), "label planted");
        Random random = new Random(20261126L);
        int refused = 0;
        int read = 0;
        for (int n = 0; n < 3000; n++) {
            byte[] body = damage(original, random);
            AdmissionRequest request;
            try {
                request = codec.read(body);
            } catch (MalformedReviewException e) {
                refused++;
                assertTrue(e.getMessage().length() < 250, e.getMessage());
                continue;
            } catch (RuntimeException e) {
                fail("damaged body #" + n + " threw " + e, e);
                return;
            }
            read++;
            JsonNode full = fullParseOrNull(body);
            if (full != null) {
                assertEquals(full.at("/request/uid").asText(), request.uid());
                assertEquals(full.at("/request/operation").asText(""), request.operation());
                // What decisions read of labels and annotations: whether there are annotations, and two keys.
                assertEquals(full.at("/request/object/metadata/annotations").isObject(),
                        request.object().at("/metadata/annotations").isObject());
                assertEquals(full.at("/request/object/metadata/annotations/cgroup-guard.io~1affinity"),
                        request.object().at("/metadata/annotations/cgroup-guard.io~1affinity"));
                assertEquals(full.at("/request/object/metadata/labels/cgroup-guard.io~1exempt"),
                        request.object().at("/metadata/labels/cgroup-guard.io~1exempt"));
                assertEquals(full.at("/request/object/spec/affinity/nodeAffinity"),
                        request.object().at("/spec/affinity/nodeAffinity"));
                assertEquals(full.at("/request/object/spec/nodeName"), request.object().at("/spec/nodeName"));
            }
        }
        assertTrue(refused > 1000 && read > 100, "both outcomes exercised: refused " + refused + ", read " + read);
    }

    @Test
    void truncatedAtEveryByte_isRefused() throws Exception {
        byte[] original = Files.readAllBytes(Path.of("examples/review-binding-v1beta1.json"));
        for (int length = 0; length < original.length - 1; length++) {
            byte[] body = java.util.Arrays.copyOf(original, length);
            try {
                codec.read(body);
                fail("a body cut at byte " + length + " was accepted");
            } catch (MalformedReviewException expected) {
                // refused, as it must be
            }
        }
    }

    private static byte[] damage(byte[] original, Random random) {
        byte[] body = original.clone();
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(body.length);
            switch (random.nextInt(4)) {
                case 0 -> body[at] = (byte) PUNCTUATION.charAt(random.nextInt(PUNCTUATION.length()));
                case 1 -> body[at] = (byte) random.nextInt(256);
                case 2 -> body = java.util.Arrays.copyOf(body, at);
                default -> body[at] = ' ';
            }
        }
        return body;
    }

    private JsonNode fullParseOrNull(byte[] body) {
        try {
            return jackson.readTree(body);
        } catch (Exception e) {
            return null;
        }
    }
}
