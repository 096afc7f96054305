package io.cgroupguard.testing;

import io.restassured.RestAssured;
import io.restassured.config.SSLConfig;
import io.restassured.specification.RequestSpecification;
import org.eclipse.microprofile.config.ConfigProvider;

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
        javax.net.ssl.TrustManagerFactory trust = javax.net.ssl.TrustManagerFactory.getInstance(
                javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trust.init(TestCertificates.trustStore());
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder().sslContext(tls)
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("https://localhost:" + port() + path))
                .expectContinue(true)
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .build();
        return client.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
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
