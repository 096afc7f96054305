package io.cgroupguard.nodestate;

import io.cgroupguard.snapshot.ListFileException;
import io.cgroupguard.snapshot.ListFileReader;

import io.fabric8.kubernetes.api.model.Node;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Standalone node source: keeps the cache equal to a node list file, re-read when it changes.
 *
 * <p>It polls the file's modification time and size rather than using a WatchService, because a file mounted
 * from a ConfigMap is replaced through a symlink swap that directory watches miss. A file that cannot be read
 * or parsed leaves the last good state in place and is logged once per change.
 */
public final class NodesFileWatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(NodesFileWatcher.class);

    private final Path file;
    private final NodeStateCache cache;
    private final ListFileReader<Node> reader = ListFileReader.nodes();
    private final ScheduledExecutorService poller;
    private volatile Object lastSeen;

    public NodesFileWatcher(Path file, NodeStateCache cache, Duration interval) {
        this.file = file;
        this.cache = cache;
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cgroup-guard-nodes-file");
            t.setDaemon(true);
            return t;
        });
        poller.scheduleWithFixedDelay(this::reloadIfChanged, interval.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Reads the file now; returns true when it was loaded. */
    public boolean load() {
        lastSeen = stamp();
        try {
            List<NodeState> nodes = reader.read(file, NodeState::of);
            cache.replaceAll(nodes);
            LOG.infof("loaded %d nodes from %s (%d exhausted)", nodes.size(), file, cache.exhaustedCount());
            return true;
        } catch (ListFileException e) {
            LOG.errorf("node list not loaded, keeping the previous %d nodes: %s", cache.size(), e.getMessage());
            return false;
        }
    }

    void reloadIfChanged() {
        try {
            if (!Objects.equals(stamp(), lastSeen)) {
                load();
            }
        } catch (RuntimeException e) {
            LOG.error("node list reload failed", e);
        }
    }

    private Object stamp() {
        try {
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            return List.of(attributes.lastModifiedTime(), attributes.size(), attributes.fileKey() == null
                    ? "" : attributes.fileKey());
        } catch (IOException e) {
            return "missing";
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
