package io.cgroupguard.nodestate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodesFileWatcherTest {

    @TempDir
    Path dir;

    @Test
    void changedFile_isReloaded_andABrokenOneKeepsTheLastGoodState() throws Exception {
        Path file = dir.resolve("nodes.yaml");
        write(file, nodes("exhausted"), 1);
        NodeStateCache cache = new NodeStateCache();
        // A long poll interval: the test drives reloads itself so it does not depend on timing.
        try (NodesFileWatcher watcher = new NodesFileWatcher(file, cache, Duration.ofHours(1))) {
            assertTrue(watcher.load());
            assertTrue(cache.synced());
            assertTrue(cache.get("n1").orElseThrow().exhausted());
            assertEquals(1, cache.exhaustedCount());

            write(file, nodes("healthy"), 2);
            watcher.reloadIfChanged();
            assertFalse(cache.get("n1").orElseThrow().exhausted());
            assertEquals(0, cache.exhaustedCount());

            write(file, "kind: Pod\n", 3);
            watcher.reloadIfChanged();
            assertTrue(cache.get("n1").isPresent(), "a broken file keeps the previous nodes");
            assertEquals(2, cache.size());
        }
    }

    @Test
    void missingFile_isNotLoaded_andCacheStaysUnsynced() {
        NodeStateCache cache = new NodeStateCache();
        try (NodesFileWatcher watcher = new NodesFileWatcher(dir.resolve("absent.yaml"), cache, Duration.ofHours(1))) {
            assertFalse(watcher.load());
            assertFalse(cache.synced());
        }
    }

    private static String nodes(String n1State) {
        return """
                apiVersion: v1
                kind: List
                items:
                - kind: Node
                  metadata: {name: n1, labels: {cgroup-guard.io/state: %s}}
                - kind: Node
                  metadata: {name: n2}
                """.formatted(n1State);
    }

    private static void write(Path file, String content, int second) throws Exception {
        Files.writeString(file, content);
        // Distinct modification times, as real edits seconds apart would have.
        Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(1_700_000_000L + second)));
    }
}
