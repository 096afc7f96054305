package io.cgroupguard.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.cgroupguard.testing.Https;
import io.cgroupguard.testing.Management;
import io.cgroupguard.testing.Reviews;
import io.cgroupguard.testing.StandaloneProfiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cgroup-guard.enforcement=audit}: everything is allowed as it came; the would-be decision is counted. */
@QuarkusTest
@TestProfile(StandaloneProfiles.Audit.class)
class AuditModeEndpointTest {

    @Test
    void bindingOntoExhaustedNode_isAllowedSilently_andCountedAsAudited() throws Exception {
        JsonNode answer = AdmissionEndpointTest.post("/validate",
                Reviews.binding(ReviewCodec.V1, "default", "web", "sick-node"));

        assertTrue(answer.at("/response/allowed").asBoolean());
        assertFalse(answer.path("response").has("warnings"));
        String metrics = Management.metrics();
        assertTrue(metrics.contains("cgroup_guard_admission_decisions_total{endpoint=\"validate\",result=\"audited\"} 1.0"),
                "one audited decision counted");
    }

    @Test
    void podCreate_isNotPatched() throws Exception {
        JsonNode answer = AdmissionEndpointTest.post("/mutate", Reviews.podCreate(Reviews.json("{'metadata':{'name':'p'},'spec':{}}")));

        assertTrue(answer.at("/response/allowed").asBoolean());
        assertFalse(answer.path("response").has("patch"));
    }
}
