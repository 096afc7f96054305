package io.cgroupguard.admission;

import com.fasterxml.jackson.databind.JsonNode;
import io.cgroupguard.testing.Reviews;
import io.cgroupguard.testing.StandaloneProfiles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code cgroup-guard.enforcement=warn}: nothing is denied or patched, and kubectl shows a warning. */
@QuarkusTest
@TestProfile(StandaloneProfiles.Warn.class)
class WarnModeEndpointTest {

    @Test
    void pinnedPodOnExhaustedNode_isAllowedWithWarning() throws Exception {
        JsonNode answer = AdmissionEndpointTest.post("/validate",
                Reviews.podCreate(Reviews.pinnedPod("web", "sick-node")));

        assertTrue(answer.at("/response/allowed").asBoolean());
        assertFalse(answer.path("response").has("status"));
        String warning = answer.at("/response/warnings/0").asText();
        assertTrue(warning.contains("sick-node") && warning.contains("warn mode"), warning);
        assertTrue(warning.length() <= 120, warning);
    }

    @Test
    void podCreate_isNotPatched_butWarnedWhileNodesAreExhausted() throws Exception {
        JsonNode answer = AdmissionEndpointTest.post("/mutate", Reviews.podCreate(Reviews.json("{'metadata':{'name':'p'},'spec':{}}")));

        assertTrue(answer.at("/response/allowed").asBoolean());
        assertFalse(answer.path("response").has("patch"));
        // The test node list has sick-node (label) and blocked-by-hand (override) exhausted.
        assertTrue(answer.at("/response/warnings/0").asText().contains("2 node(s) are cgroup-exhausted"));
    }

    @Test
    void healthyPlacement_hasNoWarning() throws Exception {
        JsonNode answer = AdmissionEndpointTest.post("/validate",
                Reviews.podCreate(Reviews.pinnedPod("web", "ok-node")));

        assertTrue(answer.at("/response/allowed").asBoolean());
        assertEquals(0, answer.at("/response/warnings").size());
    }
}
