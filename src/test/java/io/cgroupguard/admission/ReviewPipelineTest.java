package io.cgroupguard.admission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cgroupguard.testing.Reviews;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReviewPipelineTest {

    private final ObjectMapper mapper = new ObjectMapper();
    private final ReviewPipeline pipeline = new ReviewPipeline(new ReviewCodec());

    @Test
    void handlerThatThrows_isAnsweredAllowed_failOpen() throws Exception {
        byte[] body = mapper.writeValueAsBytes(Reviews.podCreate(Reviews.json("{'metadata':{'name':'p'},'spec':{}}")));

        ReviewPipeline.Answer answer = pipeline.review(body, request -> {
            throw new IllegalStateException("boom");
        });

        JsonNode review = mapper.readTree(answer.body());
        assertEquals(200, answer.status());
        assertEquals(AdmissionResponse.Outcome.ERRORED, answer.outcome());
        assertEquals("uid-create-1", review.at("/response/uid").asText());
        assertTrue(review.at("/response/allowed").asBoolean());
        assertTrue(review.at("/response/warnings/0").asText().contains("allowed"));
    }

    @Test
    void malformedBody_is400WithReason_andNoOutcome() {
        ReviewPipeline.Answer answer = pipeline.review("{}".getBytes(), request -> AdmissionResponse.allow());

        assertEquals(400, answer.status());
        assertEquals(null, answer.outcome());
        assertTrue(new String(answer.body()).startsWith("unsupported apiVersion"));
    }
}
