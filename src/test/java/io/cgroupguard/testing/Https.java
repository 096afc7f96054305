package io.cgroupguard.testing;

import io.restassured.RestAssured;
import io.restassured.config.SSLConfig;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * REST Assured over the guard's real HTTPS port, verifying the server certificate against the test CA.
 */
public final class Https {

    private Https() {
    }

    /** The HTTPS port the test instance listens on. */
    public static int port() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.http.test-ssl-port", Integer.class).orElse(8444);
    }

    /** Posts {@code body} with {@code Expect: 100-continue} and returns the status code. */
    public static int postExpectingContinue(String path, String body) throws Exception {
        return sendExpectingContinue(path, body).statusCode();
    }

    /** Posts {@code body} with {@code Expect: 100-continue}: the client sends the body only once the server asks. */
    public static HttpResponse<String> sendExpectingContinue(String path, String body) throws Exception {
        HttpRequest request = request(path).expectContinue(true)
                .timeout(java.time.Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client(HttpClient.Version.HTTP_1_1).send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Posts {@code body} over HTTP/1.1 without a length, so it goes out in chunks. */
    public static HttpResponse<String> postChunked(String path, String body) throws Exception {
        HttpRequest request = request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(
                        () -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))))
                .build();
        return client(HttpClient.Version.HTTP_1_1).send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Posts {@code body} over HTTP/2 (negotiated by ALPN, as the apiserver may). */
    public static HttpResponse<String> postHttp2(String path, String body) throws Exception {
        HttpRequest request = request(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client(HttpClient.Version.HTTP_2).send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("https://localhost:" + port() + path));
    }

    private static HttpClient client(HttpClient.Version version) throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(TestCertificates.trustStore());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).version(version).build();
    }

    /** A request to {@code https://localhost:<test-ssl-port>} that trusts only the test CA. */
    public static RequestSpecification given() {
        try {
            return RestAssured.given()
                    .baseUri("https://localhost")
                    .port(port())
                    .config(RestAssured.config().sslConfig(SSLConfig.sslConfig().trustStore(TestCertificates.trustStore())));
        } catch (Exception e) {
            throw new IllegalStateException("cannot load the test CA", e);
        }
    }
}
