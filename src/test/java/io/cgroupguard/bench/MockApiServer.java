package io.cgroupguard.bench;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.net.InetAddress;
import java.util.HashMap;

/**
 * A fabric8 mock API server in CRUD mode on loopback, holding one Node, for running the packaged agent outside a
 * cluster ({@code bench/faults.sh agent-memory}). Runs until killed.
 */
public final class MockApiServer {

    private MockApiServer() {
    }

    /** {@code java ... MockApiServer PORT NODE_NAME}. */
    public static void main(String[] args) throws Exception {
        KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                new KubernetesCrudDispatcher(), false);
        server.init(InetAddress.getLoopbackAddress(), Integer.parseInt(args[0]));
        server.createClient().nodes().resource(new NodeBuilder().withNewMetadata().withName(args[1]).endMetadata()
                .build()).create();
        System.out.println("listening on " + args[0]);
        Thread.currentThread().join();
    }
}
