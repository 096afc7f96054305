package io.cgroupguard.plainhttp;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the agent's health and metrics ports answer, request by request, as a probe or a scraper sends them. */
class HealthAndMetricsServerTest {

    private final AtomicBoolean ready = new AtomicBoolean(true);
    private HealthAndMetricsServer server;

    @BeforeEach
    void start() throws IOException {
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        server = new HealthAndMetricsServer(loopback, loopback, "check", ready::get, () -> "m 1.0\n");
        server.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    /** Which port: the http one (health) or the management one (metrics). */
    enum Port { HTTP, MANAGEMENT }

    static Stream<Arguments> requests() {
        return Stream.of(
                Arguments.of(Named.of("liveness", Port.HTTP), "GET /q/health/live HTTP/1.1", true,
                        "HTTP/1.1 200 OK", "{\"status\":\"UP\",\"checks\":[]}"),
                Arguments.of(Named.of("readiness, ready", Port.HTTP), "GET /q/health/ready HTTP/1.1", true,
                        "HTTP/1.1 200 OK", "{\"status\":\"UP\",\"checks\":[{\"name\":\"check\",\"status\":\"UP\"}]}"),
                Arguments.of(Named.of("readiness, not ready", Port.HTTP), "GET /q/health/ready HTTP/1.1", false,
                        "HTTP/1.1 503 Service Unavailable",
                        "{\"status\":\"DOWN\",\"checks\":[{\"name\":\"check\",\"status\":\"DOWN\"}]}"),
                Arguments.of(Named.of("metrics, with a query", Port.MANAGEMENT), "GET /q/metrics?x=1 HTTP/1.1", true,
                        "HTTP/1.1 200 OK", "m 1.0\n"),
                Arguments.of(Named.of("HEAD: no body", Port.MANAGEMENT), "HEAD /q/metrics HTTP/1.1", true,
                        "HTTP/1.1 200 OK", ""),
                Arguments.of(Named.of("metrics are not on the http port", Port.HTTP), "GET /q/metrics HTTP/1.1", true,
                        "HTTP/1.1 404 Not Found", "not found\n"),
                Arguments.of(Named.of("health is not on the management port", Port.MANAGEMENT),
                        "GET /q/health/ready HTTP/1.1", true, "HTTP/1.1 404 Not Found", "not found\n"),
                Arguments.of(Named.of("no webhook", Port.HTTP), "POST /validate HTTP/1.1", true,
                        "HTTP/1.1 404 Not Found", "not found\n"),
                Arguments.of(Named.of("a POST to health", Port.HTTP), "POST /q/health/live HTTP/1.1", true,
                        "HTTP/1.1 405 Method Not Allowed", "method not allowed\n"),
                Arguments.of(Named.of("not HTTP", Port.HTTP), "HELLO", true, "HTTP/1.1 400 Bad Request",
                        "bad request\n"));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("requests")
    void answers(Port port, String requestLine, boolean isReady, String statusLine, String body) throws IOException {
        ready.set(isReady);

        String answer = exchange(port, requestLine + "\r\nHost: x\r\nUser-Agent: kube-probe/1.29\r\n\r\n");

        assertEquals(statusLine, answer.substring(0, answer.indexOf("\r\n")));
        assertEquals(body, answer.substring(answer.indexOf("\r\n\r\n") + 4));
        assertTrue(answer.contains("\r\nContent-Length: " + body.length() + "\r\n") || body.isEmpty(), answer);
    }

    @Test
    void aClientThatSendsNothing_isDroppedAndTheNextOneAnswered() throws IOException {
        try (Socket silent = new Socket(InetAddress.getLoopbackAddress(), server.httpPort())) {
            long start = System.nanoTime();
            String answer = exchange(Port.HTTP, "GET /q/health/live HTTP/1.1\r\n\r\n");
            long millis = (System.nanoTime() - start) / 1_000_000;

            assertTrue(answer.startsWith("HTTP/1.1 200 OK"), answer);
            assertTrue(millis < 5 * HealthAndMetricsServer.READ_TIMEOUT_MILLIS, "answered after " + millis + " ms");
        }
    }

    @Test
    void aClientThatTricklesItsHead_isDroppedAndTheNextOneAnswered() throws Exception {
        // A byte every 200 ms never trips the per-read timeout; only a deadline on the whole head ends it.
        Thread trickler = new Thread(() -> {
            try (Socket slow = new Socket(InetAddress.getLoopbackAddress(), server.httpPort())) {
                OutputStream out = slow.getOutputStream();
                for (int i = 0; i < 50; i++) {
                    out.write('X');
                    out.flush();
                    Thread.sleep(200);
                }
            } catch (IOException | InterruptedException e) {
                // dropped by the server: what is expected
            }
        });
        trickler.setDaemon(true);
        trickler.start();
        Thread.sleep(300); // the trickler is the connection being served

        long start = System.nanoTime();
        String answer = exchange(Port.HTTP, "GET /q/health/ready HTTP/1.1\r\n\r\n");
        long millis = (System.nanoTime() - start) / 1_000_000;

        assertTrue(answer.startsWith("HTTP/1.1 200 OK"), answer);
        assertTrue(millis < 5 * HealthAndMetricsServer.READ_TIMEOUT_MILLIS,
                "answered after " + millis + " ms behind a trickling client (it trickles for 10 s)");
    }

    private String exchange(Port port, String request) throws IOException {
        int number = port == Port.HTTP ? server.httpPort() : server.managementPort();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), number)) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
