package io.cgroupguard.apiclient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * A minimal Kubernetes API client over the JDK's {@link HttpClient}: GET and PATCH of one path, a bearer token,
 * a timeout on every request and no retry (the caller's loop retries with its own backoff, which it logs). It
 * stands in for the fabric8 client where loading that client's model and framework would cost more memory than
 * the work does (the node agent: BENCHMARKS.md, footprint).
 */
public final class ApiClient {

    /** The longest a request may take, connection included; the API server answers a node GET in milliseconds. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** An error body is quoted in the exception up to this length (a Status object's message fits). */
    private static final int QUOTED = 300;

    private final ApiEndpoint endpoint;
    private final HttpClient http;

    public ApiClient(ApiEndpoint endpoint) {
        this.endpoint = endpoint;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(TIMEOUT)
                // HTTP/1.1: the API server speaks it everywhere, and plain-HTTP test servers misread h2c upgrades.
                .version(HttpClient.Version.HTTP_1_1)
                // One request at a time is all the agent sends; the default pool keeps a thread per request
                // in flight, each idle for a minute, and every thread's stack costs resident memory.
                .executor(Executors.newSingleThreadExecutor(runnable -> {
                    Thread thread = new Thread(runnable, "cgroup-guard-api-client");
                    thread.setDaemon(true);
                    return thread;
                }));
        endpoint.tls().or(() -> plainHttp(endpoint)).ifPresent(builder::sslContext);
        this.http = builder.build();
    }

    /**
     * For a plain-HTTP server ({@code kubectl proxy}, a test server), a TLS context that trusts nothing: the
     * client builds one even when it never speaks TLS, and the JDK's default would parse the whole {@code cacerts}
     * store into memory for nothing.
     */
    private static Optional<SSLContext> plainHttp(ApiEndpoint endpoint) {
        if (!"http".equalsIgnoreCase(endpoint.server().getScheme())) {
            return Optional.empty();
        }
        try {
            SSLContext none = SSLContext.getInstance("TLS");
            none.init(new KeyManager[0], new TrustManager[0], null);
            return Optional.of(none);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot make a TLS context: " + e.getMessage(), e);
        }
    }

    /** The response body of a GET of {@code path} (e.g. {@code /api/v1/nodes/node-a}). */
    public String get(String path) {
        return send(request(path).GET());
    }

    /** PATCHes {@code path} with {@code body} of the patch type {@code contentType}; returns the response body. */
    public String patch(String path, String contentType, String body) {
        return send(request(path).header("Content-Type", contentType)
                .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder request = HttpRequest.newBuilder(resolve(path)).timeout(TIMEOUT)
                .header("Accept", "application/json");
        try {
            endpoint.token().ifPresent(token -> request.header("Authorization", "Bearer " + token.get()));
        } catch (UncheckedIOException e) {
            // A token that cannot be read fails this request like an unreachable server: the loop retries it.
            throw new ApiException(e.getMessage(), e);
        }
        return request;
    }

    private URI resolve(String path) {
        String base = endpoint.server().toString();
        return URI.create(base.endsWith("/") ? base.substring(0, base.length() - 1) + path : base + path);
    }

    private String send(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new ApiException(request.method() + " " + request.uri() + ": no answer within " + TIMEOUT.toSeconds()
                    + " s", e);
        } catch (IOException e) {
            throw new ApiException(request.method() + " " + request.uri() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(request.method() + " " + request.uri() + ": interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            String body = response.body() == null ? "" : response.body().strip();
            throw new ApiException(response.statusCode(), request.method() + " " + request.uri() + ": HTTP "
                    + response.statusCode() + (body.isEmpty() ? "" : ": " + quote(body)));
        }
        return response.body();
    }

    private static String quote(String body) {
        return body.length() <= QUOTED ? body : body.substring(0, QUOTED) + "...";
    }
}
