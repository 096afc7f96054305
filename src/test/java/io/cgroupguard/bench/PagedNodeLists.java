package io.cgroupguard.bench;

import io.fabric8.kubernetes.api.model.NodeList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.HttpUrl;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.fabric8.mockwebserver.http.WebSocketListener;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Node list and watch as a real API server answers them, in front of the fabric8 CRUD mock (which answers
 * everything else, and ignores {@code limit} and {@code continue}): a list with {@code limit} gets that many Nodes
 * and a {@code continue} token for the rest, every page from the same snapshot with its resourceVersion; a watch
 * from that resourceVersion stays open and sends nothing, as nothing changed. (The CRUD mock would answer the
 * watch by sending every Node again as ADDED, which a real API server does not.)
 *
 * <p>Each page and watch is logged with its time, so the benchmark can count the pages and see when they went.
 */
final class PagedNodeLists extends Dispatcher {

    private static final String PATH = "/api/v1/nodes";

    private final Dispatcher crud;
    private final AtomicInteger pages = new AtomicInteger();
    private volatile Snapshot snapshot;

    /** Each Node serialized once, so a page costs its bytes, not the mock's serialization. */
    private record Snapshot(String resourceVersion, List<byte[]> items) {
    }

    PagedNodeLists(Dispatcher crud) {
        this.crud = crud;
    }

    /** Starts answering Node lists and watches from {@code list} (until then, the CRUD mock answers them). */
    void serve(NodeList list, KubernetesSerialization json) {
        List<byte[]> items = list.getItems().stream()
                .map(n -> json.asJson(n).getBytes(StandardCharsets.UTF_8)).toList();
        snapshot = new Snapshot(list.getMetadata().getResourceVersion(), items);
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        Snapshot current = snapshot;
        HttpUrl url = HttpUrl.parse("http://api" + request.getPath());
        if (current == null || !"GET".equals(request.getMethod()) || !PATH.equals(url.encodedPath())) {
            return crud.dispatch(request);
        }
        if ("true".equals(url.queryParameter("watch"))) {
            System.out.printf("%s watch from resourceVersion %s%n", Instant.now(),
                    url.queryParameter("resourceVersion"));
            return new MockResponse().withWebSocketUpgrade(new WebSocketListener() { });
        }
        return page(current, url);
    }

    private MockResponse page(Snapshot current, HttpUrl url) {
        int from = url.queryParameter("continue") == null ? 0
                : Integer.parseInt(new String(Base64.getUrlDecoder().decode(url.queryParameter("continue")),
                StandardCharsets.UTF_8));
        int limit = url.queryParameter("limit") == null ? Integer.MAX_VALUE
                : Integer.parseInt(url.queryParameter("limit"));
        int to = (int) Math.min(current.items().size(), (long) from + limit);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("{\"apiVersion\":\"v1\",\"kind\":\"NodeList\",\"metadata\":{\"resourceVersion\":\""
                + current.resourceVersion() + "\"" + (to < current.items().size()
                ? ",\"continue\":\"" + token(to) + "\",\"remainingItemCount\":" + (current.items().size() - to)
                : "") + "},\"items\":[").getBytes(StandardCharsets.UTF_8));
        for (int i = from; i < to; i++) {
            if (i > from) {
                body.write(',');
            }
            body.writeBytes(current.items().get(i));
        }
        body.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
        System.out.printf("%s list page %d: limit=%s continue=%s, nodes %d-%d of %d, %d bytes%n", Instant.now(),
                pages.incrementAndGet(), url.queryParameter("limit"), url.queryParameter("continue"), from, to,
                current.items().size(), body.size());
        return new MockResponse().setResponseCode(200).setHeader("Content-Type", "application/json")
                .setBody(body.toByteArray());
    }

    private static String token(int offset) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                Integer.toString(offset).getBytes(StandardCharsets.UTF_8));
    }
}
