package io.cgroupguard.admission;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Reads one request body into memory, up to a cap. Vert.x Web's {@code BodyHandler} would do it too, but it
 * also decodes form and multipart bodies by their content type, and an AdmissionReview sent as a form (as
 * {@code curl -d} does) must be read as the JSON it is.
 *
 * <p>Used from a route handler on the event loop, which runs as the request's headers arrive and before any of
 * its body is delivered, so setting the handlers here sees every chunk.
 */
final class BodyCollector {

    /** First buffer size when the request does not declare its length (a compact pod review is about 6 KB). */
    private static final int UNDECLARED_INITIAL_SIZE = 8 * 1024;

    private final HttpServerRequest request;
    private final long maxBytes;
    private boolean refused;
    private byte[] body;
    private int size;

    BodyCollector(HttpServerRequest request, long maxBytes) {
        this.request = request;
        this.maxBytes = maxBytes;
    }

    /** Calls {@code complete} with the whole body, or {@code tooLarge} once (and only that) if it exceeds the cap. */
    void collect(Consumer<byte[]> complete, Runnable tooLarge) {
        long declared = declaredLength();
        if (declared > maxBytes) {
            tooLarge.run();
            return;
        }
        if (request.isEnded()) {
            complete.accept(new byte[0]);
            return;
        }
        if (request.version() == HttpVersion.HTTP_1_1
                && "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            // The client waits for this before it sends the body (curl does for large ones, then gives up
            // waiting after a second); the body fits the cap, so ask for it.
            request.response().writeContinue();
        }
        // Chunks are copied straight into one array of the declared size, the byte[] the codec reads: collecting
        // into a Vert.x Buffer first and copying that out would make a second array the size of every body.
        body = new byte[declared > 0 ? (int) declared : UNDECLARED_INITIAL_SIZE];
        request.handler(chunk -> {
            if (refused) {
                return;
            }
            int length = chunk.length();
            if (size + (long) length > maxBytes) {
                refused = true;
                tooLarge.run();
                return;
            }
            if (size + length > body.length) {
                body = Arrays.copyOf(body, (int) Math.min(maxBytes, Math.max(2L * body.length, size + length)));
            }
            chunk.getBytes(0, length, body, size);
            size += length;
        });
        request.endHandler(end -> {
            if (!refused) {
                complete.accept(size == body.length ? body : Arrays.copyOf(body, size));
            }
        });
        request.resume();
    }

    /** The Content-Length header, or -1 when absent or not a number (then the cap is checked as bytes arrive). */
    private long declaredLength() {
        String header = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
