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

    /** How a review travels, beyond what REST Assured sends (HTTP/1.1 with a declared length). */
    public enum Transport {
        /** HTTP/1.1 without a length, so the body goes out in chunks. */
        CHUNKED(HttpClient.Version.HTTP_1_1),
        /** HTTP/1.1 with {@code Expect: 100-continue}: the body is sent only once the server asks for it. */
        EXPECT_CONTINUE(HttpClient.Version.HTTP_1_1),
        /** HTTP/2, negotiated by ALPN, as the apiserver may. */
        HTTP2(HttpClient.Version.HTTP_2);

        private final HttpClient.Version version;

        Transport(HttpClient.Version version) {
            this.version = version;
        }

        public HttpClient.Version version() {
            return version;
        }
    }

    /** Posts {@code body} as JSON over {@code transport}; gives up after 10 s (a server that never asks). */
    public static HttpResponse<String> post(String path, String body, Transport transport) throws Exception {
        HttpRequest.Builder request = request(path)
                .timeout(java.time.Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(transport == Transport.CHUNKED
                        ? HttpRequest.BodyPublishers.ofInputStream(
                                () -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)))
                        : HttpRequest.BodyPublishers.ofString(body));
        if (transport == Transport.EXPECT_CONTINUE) {
            request.expectContinue(true);
        }
        return client(transport.version()).send(request.build(), HttpResponse.BodyHandlers.ofString());
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
