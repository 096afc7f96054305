package io.cgroupguard.nodestate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.jboss.logging.Logger;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The replica's Node watch, started by {@code Main} before Quarkus boots and handed to {@link NodeSources} once
 * it runs. Listing 5,000 Nodes is most of a cluster-mode start after the JVM's and Quarkus's own: begun at the
 * application's start it waited for all of Quarkus's boot first (BENCHMARKS.md, "The webhook's start"); begun
 * here, the list and its decoding run beside that boot.
 *
 * <p>The early watch talks through a client of its own, configured the way fabric8 finds a cluster (which is
 * also where Quarkus's client starts from). When anything could make Quarkus's client differ from that (a
 * {@code quarkus.kubernetes-client.*} setting or {@code quarkus.tls.trust-all}, or a configuration file Main does not
 * read), nothing starts early, and {@link NodeSources} starts the watch on Quarkus's client as before.
 */
public final class EarlyNodeWatch {

    private static final Logger LOG = Logger.getLogger(EarlyNodeWatch.class);
    // Quarkus's client starts from fabric8's Config.autoConfigure and then applies these (KubernetesClientUtils).
    private static final String CLIENT_PREFIX = "quarkus.kubernetes.client.";
    private static final String API_SERVER_URL = CLIENT_PREFIX + "api.server.url";
    private static final String TRUST_ALL = "quarkus.tls.trust.all";
    private static final AtomicReference<CompletableFuture<EarlyNodeWatch>> STARTED = new AtomicReference<>();

    private final KubernetesClient client;
    private final NodeStateCache cache;
    private final ClusterNodeWatcher watcher;

    private EarlyNodeWatch(KubernetesClient client, NodeStateCache cache) {
        this.client = client;
        this.cache = cache;
        this.watcher = new ClusterNodeWatcher(client, cache);
    }

    /**
     * Whether the watch may start before Quarkus: only when Quarkus would configure its client from fabric8's
     * own discovery plus at most an API server URL. {@code properties} are the system properties' names and
     * {@code env} the environment's; {@code workDir} is where Quarkus looks for {@code config/application.properties}
     * and {@code .env}, which Main does not read.
     */
    static boolean applies(Iterable<String> properties, Map<String, String> env, Path workDir) {
        for (String name : properties) {
            if (changesClient(name)) {
                return false;
            }
        }
        for (String name : env.keySet()) {
            // SmallRye Config's environment form: upper case, every non-alphanumeric character an underscore.
            if (changesClient(name.toLowerCase(Locale.ROOT).replace('_', '.'))) {
                return false;
            }
        }
        return !Files.exists(workDir.resolve("config").resolve("application.properties"))
                && !Files.exists(workDir.resolve(".env"));
    }

    /** Compared with dots for dashes too, so a property and its environment form read the same. */
    private static boolean changesClient(String name) {
        String dotted = name.replace('-', '.');
        return (dotted.startsWith(CLIENT_PREFIX) && !dotted.equals(API_SERVER_URL)) || dotted.equals(TRUST_ALL);
    }

    /**
     * Starts the watch if it {@link #applies}, against {@code apiServerUrl} when set, else the cluster fabric8
     * finds, on a thread of its own: building the client loads fabric8 and its model cold, which is time the
     * main thread spends booting Quarkus meanwhile. A failure is logged and leaves the start to {@link NodeSources}.
     */
    public static void start(Optional<String> apiServerUrl) {
        if (applies(System.getProperties().stringPropertyNames(), System.getenv(), Path.of(""))) {
            begin(() -> {
                Config config = Config.autoConfigure(null);
                return apiServerUrl.map(url -> (Config) new ConfigBuilder(config).withMasterUrl(url).build())
                        .orElse(config);
            });
        }
    }

    /** Starts the watch on a client of the {@code config} given, for {@link #current} to hand over. */
    static void begin(Supplier<Config> config) {
        CompletableFuture<EarlyNodeWatch> started = new CompletableFuture<>();
        Thread thread = new Thread(() -> {
            try {
                started.complete(new EarlyNodeWatch(new KubernetesClientBuilder().withConfig(config.get())
                        .withKubernetesSerialization(new KubernetesSerialization(
                                WithoutNodeImages.apply(new ObjectMapper()), true)).build(), new NodeStateCache()));
            } catch (RuntimeException e) {
                LOG.warn("could not start the Node watch early; it starts with the application instead", e);
                started.complete(null);
            }
        }, "cgroup-guard-early-nodes");
        thread.setDaemon(true);
        thread.start();
        CompletableFuture<EarlyNodeWatch> previous = STARTED.getAndSet(started);
        if (previous != null) {
            Optional.ofNullable(previous.join()).ifPresent(watch -> {
                watch.watcher.close();
                watch.client.close();
            });
        }
    }

    /**
     * The watch started early, waiting for its client if that is still being built; empty if none was started,
     * or it failed, or it was {@link #forget forgotten}.
     */
    static Optional<EarlyNodeWatch> current() {
        CompletableFuture<EarlyNodeWatch> started = STARTED.get();
        return started == null ? Optional.empty() : Optional.ofNullable(started.join());
    }

    /**
     * The early watch's client, which the application then uses as its one client
     * ({@link SharedClient}): it was made from the very settings Quarkus's would be.
     */
    static Optional<KubernetesClient> client() {
        return current().map(watch -> watch.client);
    }

    /** Drops the early watch, its client closed by whoever used it, so a later application start makes its own. */
    static void forget() {
        STARTED.set(null);
    }

    NodeStateCache cache() {
        return cache;
    }

    ClusterNodeWatcher watcher() {
        return watcher;
    }
}
