package io.cgroupguard.apiclient;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * An HTTP/1.1 response as {@link ApiClient} reads it off its connection: the status and the body, whichever
 * way the server framed it (RFC 9112 section 6: chunked, a Content-Length, or until the server closes, which it
 * does since every request asks {@code Connection: close}).
 *
 * @param status the status code
 * @param body   the body, as UTF-8 (the API server's JSON)
 */
record HttpAnswer(int status, String body) {

    /** A header or status line longer than this is not an API server's answer. */
    private static final int MAX_LINE = 16 * 1024;

    /**
     * @param maxBody  the largest body accepted
     * @param deadline {@link System#nanoTime()} after which reading gives up; each read also has the socket's timeout
     */
    static HttpAnswer read(InputStream in, int maxBody, long deadline) throws IOException {
        String statusLine = line(in, deadline);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("\\d{3}")) {
            throw new IOException("not an HTTP/1.1 answer: " + statusLine);
        }
        long length = -1;
        boolean chunked = false;
        for (String header = line(in, deadline); !header.isEmpty(); header = line(in, deadline)) {
            int colon = header.indexOf(':');
            String name = colon < 0 ? header : header.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = colon < 0 ? "" : header.substring(colon + 1).strip();
            if (name.equals("content-length")) {
                length = Long.parseLong(value);
            } else if (name.equals("transfer-encoding")) {
                chunked = value.toLowerCase(Locale.ROOT).endsWith("chunked");
            }
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (chunked) {
            for (long size = chunkSize(line(in, deadline)); size > 0; size = chunkSize(line(in, deadline))) {
                copy(in, body, size, maxBody, deadline);
                if (!line(in, deadline).isEmpty()) {
                    throw new IOException("a chunk not followed by its line end");
                }
            }
            while (!line(in, deadline).isEmpty()) {
                // trailer fields: none that matter here
            }
        } else if (length >= 0) {
            copy(in, body, length, maxBody, deadline);
        } else {
            copy(in, body, Long.MAX_VALUE, maxBody, deadline);
        }
        return new HttpAnswer(Integer.parseInt(parts[1]), body.toString(StandardCharsets.UTF_8));
    }

    private static long chunkSize(String line) throws IOException {
        int extension = line.indexOf(';');
        try {
            return Long.parseLong((extension < 0 ? line : line.substring(0, extension)).strip(), 16);
        } catch (NumberFormatException e) {
            throw new IOException("not a chunk size: " + line);
        }
    }

    /** Copies {@code count} bytes, or up to the end of the stream when {@code count} is {@link Long#MAX_VALUE}. */
    private static void copy(InputStream in, ByteArrayOutputStream out, long count, int maxBody, long deadline)
            throws IOException {
        byte[] buffer = new byte[8192];
        long left = count;
        while (left > 0) {
            checkDeadline(deadline);
            int read = in.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (read < 0) {
                if (count == Long.MAX_VALUE) {
                    return;
                }
                throw new IOException("the connection closed " + left + " bytes before the end of the answer");
            }
            if (out.size() + read > maxBody) {
                throw new IOException("an answer larger than " + maxBody + " bytes");
            }
            out.write(buffer, 0, read);
            left -= read;
        }
    }

    /** One line without its CR LF, read byte by byte: headers are a few hundred bytes. */
    private static String line(InputStream in, long deadline) throws IOException {
        checkDeadline(deadline);
        ByteArrayOutputStream line = new ByteArrayOutputStream(128);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("the connection closed in the middle of the answer's head");
            }
            if (line.size() >= MAX_LINE) {
                throw new IOException("a header line longer than " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private static void checkDeadline(long deadline) throws SocketTimeoutException {
        if (System.nanoTime() - deadline > 0) {
            throw new SocketTimeoutException("the answer took too long");
        }
    }
}
