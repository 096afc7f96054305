package io.cgroupguard;

import io.cgroupguard.certs.ServingCertificates;
import io.cgroupguard.cli.Commands;
import io.cgroupguard.tls.TlsRuntimeSettings;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * The one entry point of the jar. {@code serve} (the default) and {@code agent} boot Quarkus; every other first
 * argument is a CLI command that runs in plain Java, opens no port and exits with its own status.
 */
@QuarkusMain
public final class Main {

    public static void main(String... args) {
        String mode = args.length == 0 ? "serve" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (mode) {
            case "serve" -> serve(rest);
            case "agent" -> {
                System.setProperty("cgroup-guard.mode", "agent");
                // The %agent profile swaps the webhook's HTTPS (which needs certificates) for plain HTTP
                // serving only health and metrics; see application.properties.
                System.setProperty("quarkus.profile", "agent");
                Quarkus.run(rest);
            }
            default -> System.exit(Commands.run(args, System.out, System.err));
        }
    }

    private static void serve(String[] args) {
        // The HTTPS server reads its key when Quarkus starts, so the files must exist before Quarkus.run.
        Path certs = Path.of(System.getProperty("cgroup-guard.certs-dir",
                System.getenv().getOrDefault("CGROUP_GUARD_CERTS_DIR", "certs")));
        try {
            System.out.println(ServingCertificates.ensure(certs));
        } catch (Exception e) {
            System.err.println("cannot prepare TLS certificates in " + certs.toAbsolutePath() + ": " + e.getMessage());
            System.exit(1);
        }
        TlsRuntimeSettings.apply();
        Quarkus.run(args);
    }
}
