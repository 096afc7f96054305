package io.cgroupguard.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cgroupguard.testing.Https;
import io.cgroupguard.testing.Reviews;
import io.cgroupguard.testing.StandaloneProfiles;
import io.quarkus.runtime.shutdown.ShutdownListener;
import io.quarkus.smallrye.health.runtime.ShutdownReadinessListener;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The first step of a clean shutdown: when SIGTERM starts Quarkus's shutdown, readiness turns DOWN while reviews
 * are still answered. The test runs the pre-shutdown step Quarkus runs on SIGTERM (killing the test JVM is not an
 * option); the rest of the sequence, in-flight reviews finishing and the exit, is {@code bench/faults.sh restart}.
 * Its own profile, so the app it leaves unready is not shared with other tests.
 */
@QuarkusTest
@TestProfile(ShutdownReadinessTest.Profile.class)
class ShutdownReadinessTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The standalone guard, in a profile no other test uses. */
    public static class Profile extends StandaloneProfiles.Enforce {
    }

    @Test
    void readinessTurnsDown_atTheStartOfShutdown_whileReviewsAreStillAnswered() throws Exception {
        assertEquals(200, Https.given().get("/q/health/ready").statusCode(), "ready before shutdown");

        AtomicBoolean done = new AtomicBoolean();
        new ShutdownReadinessListener().preShutdown(new ShutdownListener.ShutdownNotification() {
            @Override
            public void done() {
                done.set(true);
            }
        });

        assertTrue(done.get());
        Response ready = Https.given().get("/q/health/ready");
        assertEquals(503, ready.statusCode(), ready.asString());
        JsonNode health = MAPPER.readTree(ready.asString());
        assertEquals("DOWN", health.path("status").asText());
        assertTrue(health.path("checks").findValuesAsText("name").contains("Graceful Shutdown"), ready.asString());

        Response review = Https.given().contentType("application/json")
                .body(Reviews.text(Reviews.podCreate(Reviews.pinnedPod("web-1", "sick-node"))))
                .post(AdmissionRoutes.VALIDATE_PATH);
        assertEquals(200, review.statusCode(), "reviews are answered during the shutdown delay");
        assertFalse(MAPPER.readTree(review.asString()).at("/response/allowed").asBoolean());
    }
}
