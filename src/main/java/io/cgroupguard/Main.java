package io.cgroupguard;

import io.cgroupguard.agent.AgentMain;
import io.cgroupguard.certs.ServingCertificates;
import io.cgroupguard.cli.Commands;
import io.cgroupguard.nodestate.NodeSources;
import io.cgroupguard.tls.TlsRuntimeSettings;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.annotations.QuarkusMain;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * The one entry point of the jar. {@code serve} (the default) boots Quarkus; {@code agent} runs the node agent in
 * plain Java (a DaemonSet pod on every node, kept small: {@link AgentMain}); every other first argument is a CLI
 * command that runs in plain Java, opens no port and exits with its own status.
 */
@QuarkusMain
public final class Main {

    public static void main(String... args) {
        String mode = args.length == 0 ? "serve" : args[0];
        String[] rest = args.length == 0 ? args : Arrays.copyOfRange(args, 1, args.length);
        switch (mode) {
            case "serve" -> serve(rest);
            case "agent" -> System.exit(AgentMain.run(rest, System.err));
            default -> System.exit(Commands.run(args, System.out, System.err));
        }
    }

    private static void serve(String[] args) {
        // Before anything touches the TLS stack, whichever source the key comes from.
        TlsRuntimeSettings.apply();
        if (selfManagedInCluster()) {
            // The key comes from the Secret (a temporary one until the leader wrote it): no files, and the pod's
            // root file system is read-only anyway.
            System.out.println("TLS: self-managed certificates: serving the Secret the elected leader keeps");
            Quarkus.run(args);
            return;
        }
        // The HTTPS server reads its key when Quarkus starts, so the files must exist before Quarkus.run.
        Path certs = Path.of(setting("cgroup-guard.certs-dir", "CGROUP_GUARD_CERTS_DIR").orElse("certs"));
        try {
            System.out.println(ServingCertificates.ensure(certs));
        } catch (Exception e) {
            System.err.println("cannot prepare TLS certificates in " + certs.toAbsolutePath() + ": " + e.getMessage());
            System.exit(1);
        }
        Quarkus.run(args);
    }

    /**
     * What {@code ReloadingKeyStoreProvider} will decide once Quarkus runs, from the same settings: self-managed
     * certificates (the default) against a cluster, and no node list file (which means standalone).
     */
    private static boolean selfManagedInCluster() {
        boolean selfManaged = !setting("cgroup-guard.certificates.self-managed",
                "CGROUP_GUARD_CERTIFICATES_SELF_MANAGED").orElse("true").equalsIgnoreCase("false");
        return selfManaged && NodeSources.cluster(setting("cgroup-guard.nodes-file", "CGROUP_GUARD_NODES_FILE")
                .isPresent(), setting("quarkus.kubernetes-client.api-server-url",
                "QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL")).isPresent();
    }

    private static Optional<String> setting(String property, String env) {
        return Optional.ofNullable(System.getProperty(property)).or(() -> Optional.ofNullable(System.getenv(env)))
                .filter(value -> !value.isBlank());
    }
}
