package io.cgroupguard.tls;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The packaged guard ({@code target/quarkus-app/quarkus-run.jar}, made by {@code mvn package}) running as its own
 * process on a free loopback port, standalone on the test node list: the guard as a user starts it, through
 * {@code Main}, which is where the JDK's TLS settings are made.
 */
final class GuardProcess implements AutoCloseable {

    private static final Path JAR = Path.of(System.getProperty("guard.jar", "target/quarkus-app/quarkus-run.jar"));
    private static final Duration START_LIMIT = Duration.ofSeconds(120);

    final int port;
    final Path log;
    private final Process process;

    private GuardProcess(int port, Path log, Process process) {
        this.port = port;
        this.log = log;
        this.process = process;
    }

    /** Starts the jar with {@code -Dkey=value} settings; skips the test when no packaged jar exists. */
    static GuardProcess start(Path work, String... settings) throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(JAR), "no packaged guard at " + JAR.toAbsolutePath()
                + "; it runs in mvn verify, after package");
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.ssl-port=" + port,
                "-Dquarkus.management.port=" + freePort(),
                "-Dcgroup-guard.certs-dir=" + work.resolve("certs"),
                "-Dcgroup-guard.nodes-file=" + Path.of("src/test/resources/nodes/cluster.yaml").toAbsolutePath()));
        for (String setting : settings) {
            command.add("-D" + setting);
        }
        command.addAll(List.of("-jar", JAR.toAbsolutePath().toString(), "serve"));
        Path log = work.resolve("guard.log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        GuardProcess guard = new GuardProcess(port, log, process);
        guard.awaitListening();
        return guard;
    }

    /** The guard's output so far, for a failure message. */
    String output() throws IOException {
        return Files.readString(log);
    }

    private void awaitListening() throws Exception {
        Instant limit = Instant.now().plus(START_LIMIT);
        while (Instant.now().isBefore(limit)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the guard exited with " + process.exitValue() + ":\n" + output());
            }
            try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(250);
            }
        }
        close();
        throw new IllegalStateException("the guard did not listen on " + port + " within " + START_LIMIT + ":\n"
                + output());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
