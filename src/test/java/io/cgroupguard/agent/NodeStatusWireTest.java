package io.cgroupguard.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.cgroupguard.apiclient.ApiClient;
import io.cgroupguard.apiclient.ApiEndpoint;
import io.cgroupguard.apiclient.ApiException;
import io.cgroupguard.nodestate.CgroupExhaustedCondition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What goes over the wire, against a JDK HTTP server standing in for the API server (the mock server does not
 * show headers): the GET, then a PATCH of {@code nodes/status} as a JSON Patch with the bearer token, and a
 * node that moved (422 from a failed {@code test}) read again at once, three times at most.
 */
class NodeStatusWireTest {

    private static final String NODE = """
            {"metadata":{"name":"node-a","resourceVersion":"5"},
             "status":{"conditions":[{"type":"Ready","status":"True"}]}}""";

    /** One request as the fake saw it: method, path, content type, authorization, body. */
    record Seen(String method, String path, String contentType, String authorization, String body) {
    }

    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger patchStatus = new AtomicInteger(200);
    private HttpServer server;
    private NodeStatusWriter writer;

    @BeforeEach
    void fakeApiServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/nodes/", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            seen.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Authorization"), body));
            int status = exchange.getRequestMethod().equals("PATCH") ? patchStatus.get() : 200;
            byte[] answer = (status == 200 ? NODE : "{\"kind\":\"Status\",\"message\":\"test failed\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        server.start();
        writer = new NodeStatusWriter(new ApiClient(new ApiEndpoint(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Optional.of(() -> "sa-token"),
                Optional.empty(), "the fake")));
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void getsTheNode_thenPatchesItsStatusAsAJsonPatchWithTheToken() throws IOException {
        writer.write("node-a", new CgroupCondition("False", CgroupExhaustedCondition.AVAILABLE, "12 \"ids\" in use"),
                Instant.parse("2026-11-27T10:00:00Z"));

        assertEquals(2, seen.size());
        assertEquals(new Seen("GET", "/api/v1/nodes/node-a", null, "Bearer sa-token", ""), seen.get(0));
        Seen patch = seen.get(1);
        assertEquals("PATCH", patch.method());
        assertEquals("/api/v1/nodes/node-a/status", patch.path());
        assertEquals("application/json-patch+json", patch.contentType());
        assertEquals("Bearer sa-token", patch.authorization());
        JsonNode ops = new ObjectMapper().readTree(patch.body());
        assertEquals(1, ops.size());
        assertEquals("add", ops.get(0).get("op").asText());
        assertEquals("/status/conditions/-", ops.get(0).get("path").asText());
        assertEquals("12 \"ids\" in use", ops.get(0).at("/value/message").asText(), "escaped in the JSON");
    }

    @Test
    void readsAgainWhenTheNodeMoved_andGivesUpAfterThreeAttempts() {
        patchStatus.set(422);

        ApiException e = assertThrows(ApiException.class, () -> writer.write("node-a",
                new CgroupCondition("True", CgroupExhaustedCondition.EXHAUSTED, "65012 of 65535"), Instant.now()));

        assertEquals(422, e.code());
        assertTrue(e.getMessage().contains("test failed"), e.getMessage());
        assertEquals(List.of("GET", "PATCH", "GET", "PATCH", "GET", "PATCH"),
                seen.stream().map(Seen::method).toList());
    }

    @Test
    void failsTheWrite_whenTheTokenCannotBeRead() {
        NodeStatusWriter unreadable = new NodeStatusWriter(new ApiClient(new ApiEndpoint(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Optional.of(() -> {
                    throw new UncheckedIOException("cannot read the service account token", new IOException("gone"));
                }), Optional.empty(), "the fake")));

        ApiException e = assertThrows(ApiException.class, () -> unreadable.write("node-a",
                new CgroupCondition("True", CgroupExhaustedCondition.EXHAUSTED, "65012 of 65535"), Instant.now()));

        assertEquals(0, e.code());
        assertEquals(List.of(), seen, "nothing sent without a token");
    }

    @Test
    void failsWithoutAnswer_whenNothingListens() {
        server.stop(0);

        ApiException e = assertThrows(ApiException.class, () -> writer.write("node-a",
                new CgroupCondition("True", CgroupExhaustedCondition.EXHAUSTED, "65012 of 65535"), Instant.now()));

        assertEquals(0, e.code());
    }
}
