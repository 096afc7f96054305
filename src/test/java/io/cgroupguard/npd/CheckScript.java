package io.cgroupguard.npd;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs the node-problem-detector check script with a given shell and environment, as NPD would. */
final class CheckScript {

    static final Path DIR = Path.of("integrations/node-problem-detector");
    static final Path SCRIPT = DIR.resolve("cgroup-guard-check.sh");
    static final Path CONFIG = DIR.resolve("cgroup-guard-monitor.json");

    /** What one run printed and returned. */
    record Result(int status, String out, String err) {

        /** The state word the message starts with ("exhausted" of "exhausted: 65012 of ..."). */
        String state() {
            int colon = out.indexOf(": ");
            return colon < 0 ? out : out.substring(0, colon);
        }

        /** The message after the state word. */
        String body() {
            int colon = out.indexOf(": ");
            return colon < 0 ? "" : out.substring(colon + 2).strip();
        }
    }

    private CheckScript() {
    }

    /**
     * The shells to run it with: dash (Debian's /bin/sh, the strictest common one) or else sh, plus posh, a
     * shell that refuses anything outside POSIX, where it is installed.
     */
    static List<String> shells() {
        List<String> shells = new ArrayList<>();
        shells.add(onPath("dash").orElse("sh"));
        onPath("posh").ifPresent(shells::add);
        return shells;
    }

    static Optional<String> onPath(String name) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate.toString());
            }
        }
        return Optional.empty();
    }

    static Result run(String shell, Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(shell, SCRIPT.toString());
        builder.environment().remove("CGROUP_GUARD_DOCTOR");
        builder.environment().remove("CGROUP_GUARD_HOST_ROOT");
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(SCRIPT + " did not finish within 60 s under " + shell);
        }
        return new Result(process.exitValue(),
                new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8),
                new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
    }
}
