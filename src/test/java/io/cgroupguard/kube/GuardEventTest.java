package io.cgroupguard.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Node and pod Events alike: the message capped at 1 kB, a name within 253 characters, times in seconds. */
class GuardEventTest {

    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00.123456789Z");

    static Stream<Arguments> messages() {
        return Stream.of(
                arguments("short", "short"),
                arguments("x".repeat(1024), "x".repeat(1024)),
                arguments("x".repeat(1025), "x".repeat(1021) + "..."));
    }

    @ParameterizedTest(name = "{index}: message capped")
    @MethodSource("messages")
    void capsTheMessageAtOneKilobyte(String message, String expected) {
        Event event = GuardEvent.build("default", new ObjectReferenceBuilder().withKind("Node").withName("n").build(),
                "n.1", "Warning", "CgroupExhausted", message, "replica-0", NOW);
        assertEquals(expected, event.getMessage());
        assertEquals("2026-11-27T10:00:00Z", event.getFirstTimestamp());
        assertEquals(GuardEvent.COMPONENT, event.getSource().getComponent());
    }

    static Stream<Arguments> names() {
        return Stream.of(arguments("node-a"), arguments("p".repeat(253)));
    }

    @ParameterizedTest(name = "{index}: long names cut")
    @MethodSource("names")
    void makesAUniqueNameWithinTheLimit(String objectName) {
        String name = GuardEvent.uniqueName(objectName, NOW);
        assertTrue(name.length() <= 253, name);
        assertTrue(name.endsWith("." + Long.toHexString(NOW.getEpochSecond() * 1_000_000_000L + NOW.getNano())), name);
    }
}
