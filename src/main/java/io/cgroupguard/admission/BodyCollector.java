package io.cgroupguard.admission;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;

import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Reads one request body into memory, up to a cap and within the {@link InFlightBodies} budget. Vert.x Web's
 * {@code BodyHandler} would do it too, but it also decodes form and multipart bodies by their content type, and
 * an AdmissionReview sent as a form (as {@code curl -d} does) must be read as the JSON it is.
 *
 * <p>Used from a route handler on the event loop, which runs as the request's headers arrive and before any of
 * its body is delivered, so setting the handlers here sees every chunk. The caller calls {@link #release()} when
 * the request is done, answered or cut off, so the budget gets its bytes back either way.
 */
final class BodyCollector {

    /**
     * Largest first buffer. The buffer grows with what arrives rather than being made at the declared size: a
     * client trickling a declared 3 MB body then holds what it has sent, not 3 MB from its first byte.
     */
    private static final int INITIAL_SIZE = 16 * 1024;

    private final HttpServerRequest request;
    private final long maxBytes;
    private final InFlightBodies budget;
    private InFlightBodies.Reservation reservation;
    private long ceiling;
    private boolean refused;
    private byte[] body;
    private int size;

    BodyCollector(HttpServerRequest request, long maxBytes, InFlightBodies budget) {
        this.request = request;
        this.maxBytes = maxBytes;
        this.budget = budget;
    }

    /**
     * Calls {@code complete} with the whole body, or once (and only that) {@code tooLarge} if it exceeds the cap,
     * or {@code noRoom} if the budget of bodies in flight cannot take it now; {@code noRoom} is told whether the
     * body is left unread on the connection (refused from its headers over HTTP/1.1), which must then be closed.
     */
    void collect(Consumer<byte[]> complete, Runnable tooLarge, Consumer<Boolean> noRoom) {
        long declared = declaredLength();
        if (declared > maxBytes) {
            tooLarge.run();
            return;
        }
        if (request.isEnded()) {
            complete.accept(new byte[0]);
            return;
        }
        reservation = budget.reserve(Math.max(declared, 0));
        if (reservation == null) {
            // Refused from its headers, before any of the body is held. Over HTTP/1.1 the rest of a body can only
            // be skipped by closing the connection, which the caller does once the answer is written: reading 3 MB
            // into nothing would still cost the TLS decryption of every byte, the CPU that normal reviews on the
            // same event loop wait for. HTTP/2 streams share a connection with normal reviews, so there the
            // body is read into nothing instead.
            refused = true;
            boolean http2 = request.version() == HttpVersion.HTTP_2;
            if (http2) {
                request.handler(chunk -> { });
                request.resume();
            }
            noRoom.accept(!http2);
            return;
        }
        if (request.version() == HttpVersion.HTTP_1_1
                && "100-continue".equalsIgnoreCase(request.getHeader(HttpHeaders.EXPECT))) {
            // The client waits for this before it sends the body (curl does for large ones, then gives up
            // waiting after a second); the body fits the cap and the budget, so ask for it.
            request.response().writeContinue();
        }
        ceiling = declared > 0 ? declared : maxBytes;
        body = new byte[(int) Math.min(INITIAL_SIZE, ceiling)];
        request.handler(chunk -> {
            if (refused) {
                return;
            }
            int length = chunk.length();
            if (size + (long) length > maxBytes) {
                refuse(tooLarge);
                return;
            }
            if (size + length > body.length) {
                int grown = (int) Math.min(ceiling, Math.max(2L * body.length, size + length));
                // A declared body reserved its length already; a chunked one reserves as it grows.
                if (!reservation.growTo(grown)) {
                    refuse(() -> noRoom.accept(false));
                    return;
                }
                body = Arrays.copyOf(body, grown);
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

    /** Gives the body's bytes back to the budget; safe to call more than once, or before anything was reserved. */
    void release() {
        body = null;
        if (reservation != null) {
            reservation.release();
        }
    }

    /** Answers with {@code refusal} once and gives the budget its bytes back; the handlers then drop the rest. */
    private void refuse(Runnable refusal) {
        refused = true;
        release();
        refusal.run();
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
