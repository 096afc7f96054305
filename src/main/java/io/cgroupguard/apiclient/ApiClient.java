package io.cgroupguard.apiclient;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * A minimal Kubernetes API client: GET and PATCH of one path as HTTP/1.1 over a socket (TLS for {@code https}),
 * a bearer token, a timeout on every request and no retry (the caller's loop retries with its own backoff, which
 * it logs). It stands in for the fabric8 client, and for the JDK's {@code HttpClient}, whose classes, threads
 * and TLS context cost the agent 10 MiB of its 60 (BENCHMARKS.md, footprint) for two requests every few minutes.
 * One connection per request ({@code Connection: close}): at that rate a kept-alive connection would only hold a
 * socket and its buffers in between.
 */
public final class ApiClient {

    /** The longest a request may take, connection included; the API server answers a node GET in milliseconds. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** etcd keeps objects of at most 1.5 MiB; an answer far above that is not one of ours. */
    static final int MAX_BODY = 8 * 1024 * 1024;
    /** An error body is quoted in the exception up to this length (a Status object's message fits). */
    private static final int QUOTED = 300;

    private final ApiEndpoint endpoint;
    private final boolean https;
    private final String host;
    private final int port;
    private final String basePath;

    public ApiClient(ApiEndpoint endpoint) {
        this.endpoint = endpoint;
        URI server = endpoint.server();
        this.https = "https".equalsIgnoreCase(server.getScheme());
        // An IPv6 literal comes in brackets, which neither the resolver nor the certificate check wants.
        this.host = server.getHost().replace("[", "").replace("]", "");
        this.port = server.getPort() != -1 ? server.getPort() : https ? 443 : 80;
        String path = server.getRawPath() == null ? "" : server.getRawPath();
        this.basePath = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** The response body of a GET of {@code path} (e.g. {@code /api/v1/nodes/node-a}). */
    public String get(String path) {
        return send("GET", path, null, null);
    }

    /** PATCHes {@code path} with {@code body} of the patch type {@code contentType}; returns the response body. */
    public String patch(String path, String contentType, String body) {
        return send("PATCH", path, contentType, body);
    }

    private String send(String method, String path, String contentType, String body) {
        String what = method + " " + endpoint.server().resolve(basePath + path);
        String token = token();
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        HttpAnswer answer;
        try (Socket socket = connect()) {
            byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(256).append(method).append(' ').append(basePath).append(path)
                    .append(" HTTP/1.1\r\nHost: ").append(endpoint.server().getRawAuthority())
                    .append("\r\nAccept: application/json\r\nUser-Agent: cgroup-guard-agent\r\nConnection: close\r\n");
            if (token != null) {
                head.append("Authorization: Bearer ").append(token).append("\r\n");
            }
            if (body != null) {
                head.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ")
                        .append(payload.length).append("\r\n");
            }
            OutputStream out = socket.getOutputStream();
            out.write(head.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            out.write(payload);
            out.flush();
            answer = HttpAnswer.read(new BufferedInputStream(socket.getInputStream()), MAX_BODY, deadline);
        } catch (SocketTimeoutException e) {
            throw new ApiException(what + ": no answer within " + TIMEOUT.toSeconds() + " s", e);
        } catch (IOException e) {
            throw new ApiException(what + ": " + e, e);
        }
        if (answer.status() / 100 != 2) {
            String text = answer.body().strip();
            throw new ApiException(answer.status(), what + ": HTTP " + answer.status()
                    + (text.isEmpty() ? "" : ": " + quote(text)));
        }
        return answer.body();
    }

    private String token() {
        try {
            return endpoint.token().map(t -> t.get()).orElse(null);
        } catch (UncheckedIOException e) {
            // A token that cannot be read fails this request like an unreachable server: the loop retries it.
            throw new ApiException(e.getMessage(), e);
        }
    }

    private Socket connect() throws IOException {
        Socket plain = new Socket();
        try {
            plain.connect(new InetSocketAddress(host, port), (int) TIMEOUT.toMillis());
            plain.setSoTimeout((int) TIMEOUT.toMillis());
            if (!https) {
                return plain;
            }
            SSLSocketFactory factory = endpoint.tls().map(c -> c.getSocketFactory())
                    .orElseGet(() -> (SSLSocketFactory) SSLSocketFactory.getDefault());
            SSLSocket tls = (SSLSocket) factory.createSocket(plain, host, port, true);
            // Check the server's name against its certificate, as an HTTPS client must (SSLSocket does not).
            SSLParameters parameters = tls.getSSLParameters();
            parameters.setEndpointIdentificationAlgorithm("HTTPS");
            tls.setSSLParameters(parameters);
            tls.startHandshake();
            return tls;
        } catch (IOException | RuntimeException e) {
            plain.close();
            throw e;
        }
    }

    private static String quote(String body) {
        return body.length() <= QUOTED ? body : body.substring(0, QUOTED) + "...";
    }
}
