package io.cgroupguard.apiclient;

import io.cgroupguard.certs.CaBundle;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Where the Kubernetes API server is and how to authenticate to it, found the way a pod finds it without a
 * kubeconfig: {@code KUBERNETES_MASTER} (or the system property {@code kubernetes.master}, fabric8's names, which
 * the tests and benchmarks set, or Quarkus's {@code quarkus.kubernetes-client.api-server-url}) first, else in-cluster from {@code KUBERNETES_SERVICE_HOST}/{@code _PORT} and the
 * service account's files. The bearer token is the service account's (re-read, see {@link TokenFile}) or
 * {@code KUBERNETES_AUTH_TOKEN}; TLS trusts the service account's CA when its file exists, else the JDK's.
 *
 * @param server where to send requests, e.g. {@code https://10.96.0.1:443}
 * @param token  the bearer token for each request; empty for none (a plain-HTTP test server, {@code kubectl proxy})
 * @param tls    the TLS context trusting the API server's CA; empty to use the JDK's default trust
 * @param source how it was found, for the start-up log
 */
public record ApiEndpoint(URI server, Optional<Supplier<String>> token, Optional<SSLContext> tls, String source) {

    /** The Quarkus key the agent read its API server from before it ran without Quarkus; still honoured. */
    static final String QUARKUS_URL = "quarkus.kubernetes-client.api-server-url";
    /** The service account's folder, as the kubelet mounts it in every pod that automounts it. */
    public static final Path SERVICE_ACCOUNT = Path.of("/var/run/secrets/kubernetes.io/serviceaccount");

    /**
     * Finds the API server from the process's environment and system properties.
     *
     * @return empty when there is no configuration at all (not in a pod, no {@code KUBERNETES_MASTER})
     */
    public static Optional<ApiEndpoint> find() {
        return find(System.getenv(), System::getProperty, SERVICE_ACCOUNT, Clock.systemUTC());
    }

    /**
     * The rule over plain values.
     *
     * @param env            environment variables
     * @param properties     system properties
     * @param serviceAccount the folder of {@code token} and {@code ca.crt}
     */
    static Optional<ApiEndpoint> find(Map<String, String> env, Function<String, String> properties,
                                      Path serviceAccount, Clock clock) {
        Path tokenFile = serviceAccount.resolve("token");
        Path caFile = serviceAccount.resolve("ca.crt");
        Optional<Supplier<String>> token = Optional.ofNullable(env.get("KUBERNETES_AUTH_TOKEN"))
                .filter(t -> !t.isBlank()).<Supplier<String>>map(t -> () -> t)
                .or(() -> Files.isReadable(tokenFile) ? Optional.of(new TokenFile(tokenFile, clock)) : Optional.empty());
        Optional<SSLContext> tls = Files.isReadable(caFile) ? Optional.of(trusting(caFile)) : Optional.empty();
        Optional<String> master = Stream.of(properties.apply("kubernetes.master"), env.get("KUBERNETES_MASTER"),
                        properties.apply(QUARKUS_URL), env.get("QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL"))
                .filter(m -> m != null && !m.isBlank()).findFirst();
        if (master.isPresent()) {
            String url = master.get().contains("://") ? master.get() : "https://" + master.get();
            return Optional.of(new ApiEndpoint(URI.create(url), token, tls, "KUBERNETES_MASTER " + url));
        }
        String host = env.get("KUBERNETES_SERVICE_HOST");
        String port = env.get("KUBERNETES_SERVICE_PORT");
        if (host == null || host.isBlank() || port == null || port.isBlank() || token.isEmpty()) {
            return Optional.empty();
        }
        // An IPv6 service address (a single-stack IPv6 cluster) needs brackets in a URL.
        String authority = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        return Optional.of(new ApiEndpoint(URI.create("https://" + authority), token, tls,
                "in-cluster service account, API server https://" + authority));
    }

    /** A TLS context that trusts the certificates of a PEM file (the cluster's CA bundle) and no others. */
    static SSLContext trusting(Path caFile) {
        try (InputStream in = Files.newInputStream(caFile)) {
            TrustManagerFactory factory = CaBundle.trustManagers(in, caFile.toString());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the API server's CA " + caFile, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot use the API server's CA " + caFile + ": " + e.getMessage(), e);
        }
    }
}
