package io.cgroupguard.plainhttp;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Health and metrics over plain HTTP/1.1, at the paths and ports the Quarkus modes use, so probes,
 * ServiceMonitors and dashboards need not know which runs: {@code /q/health/live} and {@code /q/health/ready} on
 * the http port with SmallRye Health's JSON shape (503 while not ready), and {@code /q/metrics} in the Prometheus
 * text format on the management port; every other path is 404.
 *
 * <p>One thread per port answers one connection at a time and closes it ({@code Connection: close}): what comes is
 * a kubelet probe every ten seconds and a scrape every few, each a few hundred bytes. A client that has not sent
 * its whole request head within {@link #READ_TIMEOUT_MILLIS} (silent, or trickling a byte at a time) is dropped,
 * under the kubelet's default probe timeout of one second, so it cannot hold a probe up for long. The JDK's {@code HttpServer} would do the same work with two threads per port,
 * and its logging loads the JBoss LogManager from the image's class path: 3 MiB of the agent's memory for nothing
 * (BENCHMARKS.md, footprint).
 */
public final class HealthAndMetricsServer implements AutoCloseable {

    /** How long a connection may take to send its whole request head (each read, and all of them together). */
    static final int READ_TIMEOUT_MILLIS = 800;
    /** A request head longer than this is not a probe's or a scrape's. */
    private static final int MAX_HEAD = 8 * 1024;

    private final ServerSocket http;
    private final ServerSocket management;
    private final Map<String, Supplier<Answer>> httpPaths;
    private final Map<String, Supplier<Answer>> managementPaths;

    /** An answer: status, content type and body. */
    private record Answer(int status, String contentType, String body) {
    }

    /**
     * Binds both ports; {@link #start} starts answering.
     *
     * @param httpAddress       where health is served
     * @param managementAddress where metrics are served
     * @param checkName         the readiness check's name in the JSON
     * @param ready             the readiness check
     * @param metrics           the Prometheus text of the moment
     */
    public HealthAndMetricsServer(InetSocketAddress httpAddress, InetSocketAddress managementAddress,
                                  String checkName, BooleanSupplier ready, Supplier<String> metrics)
            throws IOException {
        http = bind(httpAddress);
        try {
            management = bind(managementAddress);
        } catch (IOException e) {
            http.close();
            throw e;
        }
        httpPaths = Map.of(
                "/q/health/live", () -> health(true, ""),
                "/q/health/ready", () -> {
                    boolean up = ready.getAsBoolean();
                    return health(up, "{\"name\":\"" + checkName + "\",\"status\":\"" + status(up) + "\"}");
                });
        managementPaths = Map.of("/q/metrics", () -> new Answer(200, PrometheusText.CONTENT_TYPE, metrics.get()));
    }

    private static ServerSocket bind(InetSocketAddress address) throws IOException {
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(address, 16);
        return socket;
    }

    /** Starts answering, one daemon thread per port. */
    public void start() {
        listen(http, httpPaths, "cgroup-guard-health");
        listen(management, managementPaths, "cgroup-guard-metrics");
    }

    /** The http port bound (the one asked for, or the one picked for port 0). */
    public int httpPort() {
        return http.getLocalPort();
    }

    /** The management port bound. */
    public int managementPort() {
        return management.getLocalPort();
    }

    /** Stops both listeners at once: nothing routes to the agent, so there is nothing to drain. */
    @Override
    public void close() {
        try {
            http.close();
            management.close();
        } catch (IOException e) {
            // closing a listening socket has nothing left to report
        }
    }

    private static void listen(ServerSocket server, Map<String, Supplier<Answer>> paths, String name) {
        Thread thread = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket connection = server.accept()) {
                    connection.setSoTimeout(READ_TIMEOUT_MILLIS);
                    answer(connection, paths, System.nanoTime() + READ_TIMEOUT_MILLIS * 1_000_000L);
                } catch (IOException e) {
                    // A client gone or too slow, or the listener closed: the loop's condition tells which.
                }
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    private static void answer(Socket connection, Map<String, Supplier<Answer>> paths, long deadline)
            throws IOException {
        String requestLine = head(new BufferedInputStream(connection.getInputStream()), deadline);
        String[] parts = requestLine.split(" ");
        OutputStream out = connection.getOutputStream();
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            send(out, false, new Answer(400, "text/plain; charset=UTF-8", "bad request\n"), "");
            return;
        }
        String method = parts[0];
        int query = parts[1].indexOf('?');
        Supplier<Answer> handler = paths.get(query < 0 ? parts[1] : parts[1].substring(0, query));
        boolean head = method.equals("HEAD");
        if (handler == null) {
            send(out, head, new Answer(404, "text/plain; charset=UTF-8", "not found\n"), "");
        } else if (!head && !method.equals("GET")) {
            send(out, false, new Answer(405, "text/plain; charset=UTF-8", "method not allowed\n"), "Allow: GET, HEAD\r\n");
        } else {
            send(out, head, handler.get(), "");
        }
    }

    /**
     * Reads the request head up to its blank line; returns its first line. The socket's timeout bounds each read;
     * {@code deadline} ({@link System#nanoTime()}) bounds them all, or a byte every few hundred milliseconds would
     * hold the port's one thread for as long as the client likes.
     */
    private static String head(InputStream in, long deadline) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        int lineLength = 0;
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (bytes.size() >= MAX_HEAD) {
                throw new IOException("request head too long");
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IOException("request head too slow");
            }
            bytes.write(b);
            if (b == '\n') {
                if (lineLength == 0) {
                    break;
                }
                lineLength = 0;
            } else if (b != '\r') {
                lineLength++;
            }
        }
        String text = bytes.toString(StandardCharsets.ISO_8859_1);
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).strip();
    }

    private static void send(OutputStream out, boolean head, Answer answer, String extraHeaders) throws IOException {
        byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
        String headers = "HTTP/1.1 " + answer.status() + " " + reason(answer.status()) + "\r\nContent-Type: "
                + answer.contentType() + "\r\nContent-Length: " + body.length + "\r\nCache-Control: no-store\r\n"
                + extraHeaders + "Connection: close\r\n\r\n";
        out.write(headers.getBytes(StandardCharsets.ISO_8859_1));
        if (!head) {
            out.write(body);
        }
        out.flush();
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 503 -> "Service Unavailable";
            default -> "";
        };
    }

    private static Answer health(boolean up, String check) {
        return new Answer(up ? 200 : 503, "application/json; charset=UTF-8",
                "{\"status\":\"" + status(up) + "\",\"checks\":[" + check + "]}");
    }

    private static String status(boolean up) {
        return up ? "UP" : "DOWN";
    }
}
