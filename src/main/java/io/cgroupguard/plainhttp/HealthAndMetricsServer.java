package io.cgroupguard.plainhttp;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Health and metrics over plain HTTP on the JDK's {@link HttpServer}, at the paths and ports the Quarkus modes
 * use, so probes, ServiceMonitors and dashboards need not know which runs: {@code /q/health/live} and
 * {@code /q/health/ready} on the http port with SmallRye Health's JSON shape (503 while not ready), and
 * {@code /q/metrics} in the Prometheus text format on the management port. One thread answers both; a probe or a
 * scrape every few seconds is all it serves.
 */
public final class HealthAndMetricsServer implements AutoCloseable {

    private final HttpServer http;
    private final HttpServer management;
    private final ExecutorService worker;

    /**
     * @param httpAddress       where health is served
     * @param managementAddress where metrics are served
     * @param checkName         the readiness check's name in the JSON
     * @param ready             the readiness check
     * @param metrics           the Prometheus text of the moment
     */
    public HealthAndMetricsServer(InetSocketAddress httpAddress, InetSocketAddress managementAddress,
                                  String checkName, BooleanSupplier ready, Supplier<String> metrics)
            throws IOException {
        worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cgroup-guard-http");
            thread.setDaemon(true);
            return thread;
        });
        http = HttpServer.create(httpAddress, 0);
        management = HttpServer.create(managementAddress, 0);
        http.setExecutor(worker);
        management.setExecutor(worker);
        http.createContext("/", exchange -> notFound(exchange));
        http.createContext("/q/health/live", exchange -> health(exchange, true, ""));
        http.createContext("/q/health/ready", exchange -> {
            boolean up = ready.getAsBoolean();
            health(exchange, up, "{\"name\":\"" + checkName + "\",\"status\":\"" + status(up) + "\"}");
        });
        management.createContext("/", exchange -> notFound(exchange));
        management.createContext("/q/metrics", exchange -> {
            if (exact(exchange)) {
                send(exchange, 200, PrometheusText.CONTENT_TYPE, metrics.get());
            }
        });
    }

    /** Starts answering. */
    public void start() {
        http.start();
        management.start();
    }

    /** The http port bound (the one asked for, or the one picked for port 0). */
    public int httpPort() {
        return http.getAddress().getPort();
    }

    /** The management port bound. */
    public int managementPort() {
        return management.getAddress().getPort();
    }

    /** Stops both listeners at once: nothing routes to the agent, so there is nothing to drain. */
    @Override
    public void close() {
        http.stop(0);
        management.stop(0);
        worker.shutdownNow();
    }

    private static void health(HttpExchange exchange, boolean up, String check) throws IOException {
        if (exact(exchange)) {
            send(exchange, up ? 200 : 503, "application/json; charset=UTF-8",
                    "{\"status\":\"" + status(up) + "\",\"checks\":[" + check + "]}");
        }
    }

    private static String status(boolean up) {
        return up ? "UP" : "DOWN";
    }

    /**
     * True when the request is a GET (or HEAD) of the context's own path; answers 404 or 405 otherwise, since
     * a context also receives every path below its own.
     */
    private static boolean exact(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestURI().getPath().equals(exchange.getHttpContext().getPath())) {
            notFound(exchange);
            return false;
        }
        String method = exchange.getRequestMethod();
        if (!method.equals("GET") && !method.equals("HEAD")) {
            exchange.getResponseHeaders().set("Allow", "GET, HEAD");
            send(exchange, 405, "text/plain; charset=UTF-8", "method not allowed\n");
            return false;
        }
        return true;
    }

    private static void notFound(HttpExchange exchange) throws IOException {
        send(exchange, 404, "text/plain; charset=UTF-8", "not found\n");
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        try (exchange) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            boolean head = exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(status, head ? -1 : bytes.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(bytes);
                }
            }
        }
    }
}
