package io.cgroupguard.bench;

import io.cgroupguard.nodestate.ClusterNodeWatcher;
import io.cgroupguard.nodestate.NodeStateCache;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The benchmark's API server pages the Node list as a real one does, and the node watch follows its continue
 * tokens to the last page: what {@code bench/footprint.sh}'s page count rests on.
 */
class PagedNodeListsTest {

    static final int NODES = 1_234;

    KubernetesMockServer server;
    KubernetesClient client;
    PagedNodeLists nodeLists;

    @BeforeEach
    void start() {
        nodeLists = new PagedNodeLists(new KubernetesCrudDispatcher());
        server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), nodeLists, false);
        server.init();
        client = server.createClient();
        for (int i = 0; i < NODES; i++) {
            client.nodes().resource(new NodeBuilder().withNewMetadata().withName("node-" + i).endMetadata().build())
                    .create();
        }
        nodeLists.serve(client.nodes().list(), client.getKubernetesSerialization());
    }

    @AfterEach
    void stop() {
        client.close();
        server.destroy();
    }

    @Test
    void watcherListsEveryNodeInPagesOf500_thenWatchesFromTheListsVersion() throws Exception {
        int before = server.getRequestCount();
        for (int i = 0; i < before; i++) {
            server.takeRequest();
        }
        NodeStateCache cache = new NodeStateCache();
        try (ClusterNodeWatcher watcher = new ClusterNodeWatcher(client, cache)) {
            watcher.synced().toCompletableFuture().get(30, TimeUnit.SECONDS);
            assertEquals(NODES, cache.size());
            List<String> nodeRequests = new ArrayList<>();
            for (RecordedRequest r; (r = server.takeRequest(1, TimeUnit.SECONDS)) != null; ) {
                if (r.getPath().startsWith("/api/v1/nodes?")) {
                    nodeRequests.add(r.getPath());
                }
            }
            List<String> lists = nodeRequests.stream().filter(p -> !p.contains("watch=true")).toList();
            assertEquals(3, lists.size(), "pages of 500 for " + NODES + " nodes: " + lists);
            assertTrue(lists.stream().allMatch(p -> p.contains("limit=500")), lists.toString());
            assertTrue(lists.stream().skip(1).allMatch(p -> p.contains("continue=")), lists.toString());
            String version = client.nodes().list().getMetadata().getResourceVersion();
            assertTrue(nodeRequests.stream().anyMatch(p -> p.contains("watch=true")
                    && p.contains("resourceVersion=" + version)), nodeRequests.toString());
        }
    }
}
