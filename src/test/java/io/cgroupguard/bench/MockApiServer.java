package io.cgroupguard.bench;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;

/**
 * A fabric8 mock API server in CRUD mode on loopback, holding one Node, for running the packaged agent outside a
 * cluster ({@code bench/faults.sh agent-memory}), and optionally the nodes of a node-list file besides, for the
 * webhook's start from a large cluster ({@code bench/run.sh footprint}), whose Node list it then answers in pages
 * as a real API server does ({@link PagedNodeLists}). Runs until killed.
 */
public final class MockApiServer {

    private MockApiServer() {
    }

    /** {@code java ... MockApiServer PORT NODE_NAME [NODE_LIST.json]}. */
    public static void main(String[] args) throws Exception {
        PagedNodeLists nodeLists = new PagedNodeLists(new KubernetesCrudDispatcher());
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                nodeLists, false);
        server.init(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0]));
        server.createClient().nodes().resource(new NodeBuilder().withNewMetadata().withName(args[1]).endMetadata()
                .build()).create();
        if (args.length > 2) {
            KubernetesClient client = server.createClient();
            createNodes(client, Path.of(args[2]));
            nodeLists.serve(client.nodes().list(), client.getKubernetesSerialization());
        }
        System.out.println("listening on " + args[0]);
        Thread.currentThread().join();
    }

    private static void createNodes(KubernetesClient client, Path nodeList) throws Exception {
        try (InputStream in = Files.newInputStream(nodeList)) {
            KubernetesList list = client.getKubernetesSerialization().unmarshal(in, KubernetesList.class);
            for (HasMetadata item : list.getItems()) {
                client.nodes().resource((Node) item).create();
            }
            System.out.println("created " + list.getItems().size() + " nodes");
        }
    }
}
