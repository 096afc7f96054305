package io.cgroupguard.tls;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import javax.net.ssl.SSLSocket;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The packaged guard, as a user runs it, scanned by {@code testssl.sh} (Debian's package, installed by
 * {@code .ci/run}): no protocol below TLS 1.2, no TLS 1.2 suite without ECDHE and AEAD, no client-initiated
 * renegotiation, nothing the scanner marks as a weakness. While the scan runs (about 75 s), raw TLS clients check
 * that a connection sending nothing, or half a request header, is closed within the idle bound.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TlsScannerIT {

    /** quarkus.http.idle-timeout in application.properties, plus slack for a loaded CI machine. */
    private static final Duration IDLE_BOUND = Duration.ofSeconds(30 + 10);
    private static final Duration SCAN_LIMIT = Duration.ofMinutes(4);

    private static Path work;
    private static GuardProcess guard;
    private static GuardClient client;
    private static CompletableFuture<Path> scan;

    @BeforeAll
    static void startGuardAndScan() throws Exception {
        work = Files.createTempDirectory("tls-scanner");
        guard = GuardProcess.start(work);
        client = GuardClient.of(guard, work.resolve("certs"), null);
        scan = testssl().map(TlsScannerIT::scanInBackground).orElse(null);
    }

    @AfterAll
    static void stop() throws Exception {
        if (scan != null) {
            scan.cancel(true);
        }
        if (guard != null) {
            guard.close();
        }
    }

    @Test
    @Order(1)
    void withoutClientAuth_aClientWithoutCertificateIsAnswered() throws Exception {
        assertEquals(200, client.postReview("/validate").statusCode(), guard.output());
    }

    @Test
    @Order(2)
    void connectionThatSendsNothing_isClosedWithinTheIdleBound() throws Exception {
        try (SSLSocket socket = client.handshakenSocket()) {
            assertClosedWithin(IDLE_BOUND, socket);
        }
    }

    @Test
    @Order(3)
    void connectionStoppingHalfwayThroughAHeader_isClosedWithinTheIdleBound() throws Exception {
        try (SSLSocket socket = client.handshakenSocket()) {
            socket.getOutputStream().write(("POST /validate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: appl")
                    .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            assertClosedWithin(IDLE_BOUND, socket);
        }
    }

    @Test
    @Order(4)
    void connectionThatNeverStartsTheHandshake_isClosedWithinTheIdleBound() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), guard.port)) {
            assertClosedWithin(IDLE_BOUND, socket);
        }
    }

    @Test
    @Order(5)
    void testssl_findsNothingAgainstThePolicy() throws Exception {
        Assumptions.assumeTrue(scan != null, "testssl.sh is not on the PATH (Debian: apt-get install testssl.sh;"
                + " .ci/run installs it), so the port cannot be scanned here");
        ScanFindings findings = ScanFindings.read(scan.get(SCAN_LIMIT.toSeconds() + 30, TimeUnit.SECONDS));
        System.out.println("testssl.sh findings for the guard on 127.0.0.1:" + guard.port + "\n" + findings.summary());
        List<String> violations = findings.violations();
        assertEquals(List.of(), violations, "testssl.sh found:\n" + String.join("\n", violations));
    }

    /** Reads until the guard closes the connection; it must within {@code bound}, and not answer meanwhile. */
    private static void assertClosedWithin(Duration bound, Socket socket) throws IOException {
        socket.setSoTimeout((int) bound.toMillis());
        long start = System.nanoTime();
        InputStream in = socket.getInputStream();
        try {
            int read = in.read();
            assertEquals(-1, read, "the guard sent data to a client that sent no complete request");
        } catch (SocketTimeoutException e) {
            fail("the connection was still open after " + bound);
        } catch (IOException closed) {
            // A reset or a TLS alert on close is a close too.
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(bound) <= 0, "closed after " + took);
        System.out.println("guard closed the connection after " + took.toMillis() + " ms");
    }

    /** Debian installs the script as {@code testssl}; upstream's name is {@code testssl.sh}. */
    private static Optional<Path> testssl() {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .flatMap(dir -> Stream.of(Path.of(dir, "testssl"), Path.of(dir, "testssl.sh")))
                .filter(Files::isExecutable)
                .findFirst();
    }

    /**
     * {@code -p} protocols, {@code -e} every cipher suite, {@code -R} renegotiation, {@code -U} the known
     * vulnerabilities; batch mode so no question stops it; 127.0.0.1 only.
     */
    private static CompletableFuture<Path> scanInBackground(Path testssl) {
        return CompletableFuture.supplyAsync(() -> {
            Path json = work.resolve("testssl.json");
            try {
                Process process = new ProcessBuilder(testssl.toString(), "--jsonfile", json.toString(), "--quiet",
                        "--color", "0", "--warnings", "batch", "-p", "-e", "-R", "-U", "127.0.0.1:" + guard.port)
                        .redirectErrorStream(true).redirectOutput(work.resolve("testssl.txt").toFile()).start();
                if (!process.waitFor(SCAN_LIMIT.toSeconds(), TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("testssl.sh took longer than " + SCAN_LIMIT);
                }
                return json;
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("testssl.sh did not run: " + e.getMessage(), e);
            }
        });
    }
}
