package io.cgroupguard.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cgroupguard.testing.Https;
import io.cgroupguard.testing.Reviews;
import io.cgroupguard.testing.StandaloneProfiles;
import io.cgroupguard.testing.TestCertificates;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The budget of bodies in flight over real HTTPS: a client that declares a 3 MB body and trickles it holds the
 * large lane; the next large body is refused at once with 503 and Retry-After (declared or chunked), while a
 * normal review is still answered; once the slow client goes, its bytes come back.
 */
@QuarkusTest
@TestProfile(InFlightBodyBudgetEndpointTest.SmallBudget.class)
class InFlightBodyBudgetEndpointTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int LARGE = 3_000_000;

    /** Room for one 3 MB body in the large lane; small bodies up to 64 KiB. */
    public static class SmallBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("cgroup-guard.nodes-file", StandaloneProfiles.NODES_FILE,
                    "cgroup-guard.in-flight-bodies.small-body-max", "64K",
                    "cgroup-guard.in-flight-bodies.small-lane", "1M",
                    "cgroup-guard.in-flight-bodies.large-lane", "4M");
        }
    }

    @Test
    void largeBodiesOverBudget_get503WithRetryAfter_whileANormalReviewIsAnswered() throws Exception {
        try (SSLSocket slow = startLargeBody()) {
            // Nothing else is sent meanwhile, so the server reserves the declared length and waits for the rest:
            // the socket stays without an answer (an answer would be a refusal, and the test moot).
            slow.setSoTimeout(3000);
            assertThrows(SocketTimeoutException.class, () -> slow.getInputStream().read(),
                    "the slow body was answered instead of held");

            try (SSLSocket second = startLargeBody()) {
                String refusal = new String(second.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(refusal.startsWith("HTTP/1.1 503 "), refusal);
                assertTrue(refusal.contains("\r\nretry-after: 1\r\n") || refusal.contains("\r\nRetry-After: 1\r\n"),
                        refusal);
                assertTrue(refusal.contains("cgroup-guard.in-flight-bodies"), refusal);
                // readAllBytes returned: the guard closed the connection instead of reading 3 MB into nothing.
            }

            HttpResponse<String> chunked = Https.post(AdmissionRoutes.VALIDATE_PATH, largeBody(2_500_000),
                    Https.Transport.CHUNKED);
            assertEquals(503, chunked.statusCode(), "a chunked body is refused once it outgrows the lane");

            CompletableFuture<Response> normal = CompletableFuture.supplyAsync(() -> Https.given()
                    .contentType("application/json")
                    .body(Reviews.text(Reviews.podCreate(Reviews.pinnedPod("web-1", "sick-node"))))
                    .post(AdmissionRoutes.VALIDATE_PATH));
            Response answer = normal.get(10, TimeUnit.SECONDS);
            assertEquals(200, answer.statusCode());
            JsonNode review = MAPPER.readTree(answer.asString());
            assertFalse(review.at("/response/allowed").asBoolean(), "the normal review is decided as usual");
        }
        // The slow client is gone: its reservation is released when its connection closes, and a large body is
        // read and answered again (400: it is not an AdmissionReview).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int status;
        do {
            status = Https.given().contentType("application/json").body(largeBody(LARGE))
                    .post(AdmissionRoutes.VALIDATE_PATH).statusCode();
        } while (status == 503 && System.nanoTime() < deadline);
        assertEquals(400, status, "the lane got its bytes back after the slow client left");
    }

    /** Declares a 3 MB body and sends only its first bytes. */
    private static SSLSocket startLargeBody() throws Exception {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(TestCertificates.trustStore());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trust.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket("localhost", Https.port());
        socket.setSoTimeout(10_000);
        socket.startHandshake();
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + AdmissionRoutes.VALIDATE_PATH + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nContent-Length: " + LARGE + "\r\n\r\n{\"apiVersion\":")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    private static String largeBody(int size) {
        char[] padding = new char[size];
        Arrays.fill(padding, ' ');
        return new String(padding);
    }
}
