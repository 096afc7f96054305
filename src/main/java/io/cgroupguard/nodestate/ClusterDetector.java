package io.cgroupguard.nodestate;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Tells whether a cluster can be found the way fabric8 finds one: an explicit API server URL, the in-cluster
 * service account, {@code KUBECONFIG}, or {@code ~/.kube/config}. Without any, the guard runs standalone.
 */
public final class ClusterDetector {

    static final Path SERVICE_ACCOUNT_TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");

    private ClusterDetector() {
    }

    /**
     * Where this process's cluster configuration comes from, or empty when there is none. Besides
     * {@code apiServerUrl} (Quarkus's {@code quarkus.kubernetes-client.api-server-url}), an API server named the
     * fabric8 way counts: the {@code kubernetes.master} system property or {@code KUBERNETES_MASTER}.
     */
    public static Optional<String> find(Optional<String> apiServerUrl) {
        Map<String, String> env = System.getenv();
        Optional<String> explicit = apiServerUrl.filter(url -> !url.isBlank())
                .or(() -> Optional.ofNullable(System.getProperty("kubernetes.master")))
                .or(() -> Optional.ofNullable(env.get("KUBERNETES_MASTER")));
        return find(explicit, env, Path.of(System.getProperty("user.home")));
    }

    /** Where the cluster configuration comes from, given the environment, or empty when there is none. */
    public static Optional<String> find(Optional<String> apiServerUrl, Map<String, String> env, Path home) {
        if (apiServerUrl.filter(url -> !url.isBlank()).isPresent()) {
            return Optional.of("API server " + apiServerUrl.get());
        }
        if (env.containsKey("KUBERNETES_SERVICE_HOST") && Files.isReadable(SERVICE_ACCOUNT_TOKEN)) {
            return Optional.of("in-cluster service account");
        }
        String kubeconfig = env.get("KUBECONFIG");
        if (kubeconfig != null && !kubeconfig.isBlank()) {
            for (String part : kubeconfig.split(File.pathSeparator)) {
                if (!part.isBlank() && Files.isReadable(Path.of(part))) {
                    return Optional.of("KUBECONFIG " + part);
                }
            }
        }
        Path config = home.resolve(".kube").resolve("config");
        return Files.isReadable(config) ? Optional.of("kubeconfig " + config) : Optional.empty();
    }
}
