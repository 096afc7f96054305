package io.cgroupguard.container;

import io.cgroupguard.testing.Processes;
import io.cgroupguard.testing.Processes.Result;
import org.junit.jupiter.api.Assumptions;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The local docker engine, driven through the {@code docker} command as a person would. Containers run with the
 * host's network or none: nothing leaves the loopback.
 */
final class Docker {

    private Docker() {
    }

    /** Skips the calling test, saying why, unless a docker engine answers. */
    static void assumeEngine() {
        Result info;
        try {
            info = Processes.run(Duration.ofSeconds(30), List.of("docker", "info", "--format", "{{.ServerVersion}}"));
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
        return Processes.run(timeout, command);
    }
}
