package io.cgroupguard.nodestate;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The replica's one Node watch on the fabric8 mock API server in CRUD mode: it lists in pages, feeds the cache,
 * and gives a subscriber the same adds, updates and deletes whether it subscribed before the list or after it.
 */
@EnableKubernetesMockClient(crud = true)
class ClusterNodeWatcherTest {

    static final Duration WAIT = Duration.ofSeconds(10);

    KubernetesMockServer server;
    KubernetesClient client;

    @Test
    void listsInPagesOf500() throws Exception {
        createNode("worker-1", Map.of());
        try (ClusterNodeWatcher watcher = new ClusterNodeWatcher(client, new NodeStateCache())) {
            watcher.synced().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            List<String> lists = new ArrayList<>();
            for (RecordedRequest r; (r = server.takeRequest(1, TimeUnit.SECONDS)) != null; ) {
                String path = r.getPath();
                if ("GET".equals(r.getMethod()) && path.startsWith("/api/v1/nodes?") && !path.contains("watch=")) {
                    lists.add(path);
                }
            }
            assertEquals(1, lists.size(), "Node lists: " + lists);
            assertTrue(lists.get(0).contains("limit=500"), lists.get(0));
        }
    }

    @ParameterizedTest(name = "subscribed {0} the initial list")
    @ValueSource(strings = {"before", "after"})
    void cacheAndSubscriberSeeTheSameAddsUpdatesAndDeletes(String when) throws Exception {
        createNode("worker-1", Map.of(GuardKeys.STATE, "exhausted"));
        NodeStateCache cache = new NodeStateCache();
        Recorder seen = new Recorder();
        try (ClusterNodeWatcher watcher = new ClusterNodeWatcher(client, cache)) {
            if (when.equals("after")) {
                watcher.synced().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            AutoCloseable subscription = watcher.subscribe(seen);
            await("both see worker-1", () -> cache.get("worker-1").isPresent() && seen.has("add worker-1 exhausted"));
            Node added = seen.nodes.peek();
            // What the labeller reads must survive the store's reduction, since a late subscriber gets the store.
            assertEquals("boot-1", added.getStatus().getNodeInfo().getBootID());
            assertEquals("3.10.0-1160.el7.x86_64", added.getStatus().getNodeInfo().getKernelVersion());
            assertEquals("CgroupExhausted", added.getStatus().getConditions().get(0).getType());
            assertEquals(GuardKeys.TAINT, added.getSpec().getTaints().get(0).getKey());
            assertEquals(client.nodes().withName("worker-1").get().getMetadata().getUid(),
                    added.getMetadata().getUid());

            client.nodes().withName("worker-1").edit(n -> new NodeBuilder(n).editMetadata()
                    .addToLabels(GuardKeys.STATE, "healthy").endMetadata().build());
            await("both see the update", () -> !cache.get("worker-1").orElseThrow().exhausted()
                    && seen.has("update worker-1 healthy"));

            client.nodes().withName("worker-1").delete();
            await("both see the delete", () -> cache.get("worker-1").isEmpty() && seen.has("delete worker-1"));

            subscription.close();
            createNode("worker-2", Map.of());
            await("the cache keeps watching after the subscriber left", () -> cache.get("worker-2").isPresent());
            assertTrue(seen.events.stream().noneMatch(e -> e.contains("worker-2")),
                    "unsubscribed, yet: " + seen.events);
        }
    }

    private void createNode(String name, Map<String, String> labels) {
        client.nodes().resource(new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().addNewTaint().withKey(GuardKeys.TAINT).withEffect("NoSchedule").endTaint().endSpec()
                .withNewStatus().withNewNodeInfo().withBootID("boot-1").withKernelVersion("3.10.0-1160.el7.x86_64")
                .endNodeInfo().addNewCondition().withType("CgroupExhausted").withStatus("False").endCondition()
                .addNewImage().withNames("registry.example/big:1").withSizeBytes(1L << 30).endImage()
                .endStatus().build()).create();
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not within " + WAIT.toSeconds() + "s: " + what);
            }
            Thread.sleep(50);
        }
    }

    /** A subscriber that writes down what it was told, as "add NAME STATE", "update NAME STATE", "delete NAME". */
    static final class Recorder implements ResourceEventHandler<Node> {
        final Queue<String> events = new ConcurrentLinkedQueue<>();
        final Queue<Node> nodes = new ConcurrentLinkedQueue<>();

        @Override
        public void onAdd(Node node) {
            nodes.add(node);
            events.add("add " + node.getMetadata().getName() + " " + state(node));
        }

        @Override
        public void onUpdate(Node oldNode, Node newNode) {
            events.add("update " + newNode.getMetadata().getName() + " " + state(newNode));
        }

        @Override
        public void onDelete(Node node, boolean deletedFinalStateUnknown) {
            events.add("delete " + node.getMetadata().getName());
        }

        boolean has(String event) {
            return events.contains(event);
        }

        private static String state(Node node) {
            return node.getMetadata().getLabels().get(GuardKeys.STATE);
        }
    }
}
