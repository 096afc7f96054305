package io.cgroupguard.nodestate;

import io.cgroupguard.snapshot.ListFileException;
import io.cgroupguard.snapshot.ListFileReader;

import io.cgroupguard.config.GuardConfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Chooses where node state comes from and keeps the cache fed: the node list file when
 * {@code cgroup-guard.nodes-file} is set, the cluster when one can be found, else the bundled example list.
 * The choice is logged, loudly when it is the example list, so nobody mistakes a demo for protection.
 */
@ApplicationScoped
public class NodeSources {

    private static final Logger LOG = Logger.getLogger(NodeSources.class);
    static final String BUNDLED_NODES = "examples/nodes.yaml";

    private final NodeStateCache cache = new NodeStateCache();
    private final GuardConfig config;
    private final Instance<KubernetesClient> client;
    private final Optional<String> apiServerUrl;
    private AutoCloseable source;
    private ClusterNodeWatcher watcher;

    NodeSources(GuardConfig config, Instance<KubernetesClient> client,
                @ConfigProperty(name = "quarkus.kubernetes-client.api-server-url") Optional<String> apiServerUrl) {
        this.config = config;
        this.client = client;
        this.apiServerUrl = apiServerUrl;
    }

    @Produces
    @Singleton
    NodeStateIndex index() {
        return cache;
    }

    /** The cache this replica serves decisions from, for its metrics. */
    NodeStateCache cache() {
        return cache;
    }

    void start(@Observes StartupEvent event) {
        if (config.nodesFile().isPresent()) {
            Path file = config.nodesFile().get();
            LOG.infof("standalone: node state from %s, checked every %s", file, config.nodesFilePollInterval());
            NodesFileWatcher watcher = new NodesFileWatcher(file, cache, config.nodesFilePollInterval());
            watcher.load();
            source = watcher;
            return;
        }
        Optional<String> cluster = cluster();
        if (cluster.isPresent()) {
            LOG.infof("cluster mode: node state from a Node informer (%s)", cluster.get());
            source = clusterWatcher();
            return;
        }
        loadBundledExample();
    }

    /**
     * The cluster this guard runs against, described, or empty when it runs standalone (a node list file is set,
     * or no cluster can be found). The labeller asks this too, so both agree on the mode.
     */
    public Optional<String> cluster() {
        return cluster(config.nodesFile().isPresent(), apiServerUrl);
    }

    /**
     * The replica's one Node watch, for the labeller to subscribe to, or empty when it runs standalone. Made by
     * whichever asks first, this or {@link #start}: the labeller's startup and ours run in no set order.
     */
    public Optional<NodeFeed> nodeFeed() {
        return cluster().map(c -> clusterWatcher());
    }

    private synchronized ClusterNodeWatcher clusterWatcher() {
        if (watcher == null) {
            watcher = new ClusterNodeWatcher(client.get(), cache);
        }
        return watcher;
    }

    /** The same decision from plain settings, for {@code Main}, which needs it before Quarkus (and CDI) runs. */
    public static Optional<String> cluster(boolean nodesFileSet, Optional<String> apiServerUrl) {
        return nodesFileSet ? Optional.empty() : ClusterDetector.find(apiServerUrl);
    }

    private void loadBundledExample() {
        LOG.warn("**************************************************************************************");
        LOG.warn("* No cluster configuration and no cgroup-guard.nodes-file: serving the BUNDLED EXAMPLE *");
        LOG.warn("* node list (" + BUNDLED_NODES + "). This protects no real cluster.                   *");
        LOG.warn("**************************************************************************************");
        try {
            InputStream in = Thread.currentThread().getContextClassLoader().getResourceAsStream(BUNDLED_NODES);
            if (in == null) {
                LOG.errorf("bundled %s is missing from the jar; the cache stays empty", BUNDLED_NODES);
                return;
            }
            cache.replaceAll(ListFileReader.nodes().read(BUNDLED_NODES, in, NodeState::of));
        } catch (ListFileException e) {
            LOG.error("bundled example node list is broken: " + e.getMessage());
        }
    }

    void stop(@Observes ShutdownEvent event) throws Exception {
        if (source != null) {
            source.close();
        }
    }
}
