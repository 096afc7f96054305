package io.cgroupguard.container;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local docker engine, driven through the {@code docker} command as a person would. Containers run with the
 * host's network or none: nothing leaves the loopback.
 */
final class Docker {

    /** What a command printed and how it ended. */
    record Result(int exitCode, String out, String err) {
        Result orFail(List<String> command) {
            if (exitCode != 0) {
                throw new IllegalStateException(String.join(" ", command) + " exited " + exitCode + ": " + err + out);
            }
            return this;
        }
    }

    private Docker() {
    }

    /** Skips the calling test, saying why, unless a docker engine answers. */
    static void assumeEngine() {
        Result info;
        try {
            info = run(Duration.ofSeconds(30), List.of("docker", "info", "--format", "{{.ServerVersion}}"));
        } catch (UncheckedIOException e) {
            Assumptions.abort("no docker command (" + e.getCause().getMessage() + "): the container tests need a"
                    + " docker engine; .ci/run installs docker.io and starts dockerd");
            return;
        }
        Assumptions.assumeTrue(info.exitCode() == 0 && !info.out().isBlank(), "no docker engine answers ("
                + info.err().strip() + "): the container tests need one; .ci/run installs docker.io and starts dockerd");
    }

    static Result docker(Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of("docker"));
        command.addAll(List.of(args));
        return run(timeout, command);
    }

    static Result run(Duration timeout, List<String> command) {
        try {
            Path out = Files.createTempFile("docker", ".out");
            Path err = Files.createTempFile("docker", ".err");
            try {
                Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                        .start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " took over " + timeout);
                }
                return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
