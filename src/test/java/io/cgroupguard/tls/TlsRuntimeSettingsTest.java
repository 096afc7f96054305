package io.cgroupguard.tls;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TlsRuntimeSettingsTest {

    private String before;

    @BeforeEach
    void remember() {
        before = System.getProperty(TlsRuntimeSettings.REJECT_CLIENT_RENEGOTIATION);
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(TlsRuntimeSettings.REJECT_CLIENT_RENEGOTIATION);
        } else {
            System.setProperty(TlsRuntimeSettings.REJECT_CLIENT_RENEGOTIATION, before);
        }
    }

    static Stream<Arguments> renegotiation() {
        return Stream.of(
                Arguments.of("unset: refused", null, "true"),
                Arguments.of("a person's explicit false wins", "false", "false"),
                Arguments.of("explicit true stays", "true", "true"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renegotiation")
    void clientInitiatedRenegotiation(String name, String given, String expected) {
        if (given == null) {
            System.clearProperty(TlsRuntimeSettings.REJECT_CLIENT_RENEGOTIATION);
        } else {
            System.setProperty(TlsRuntimeSettings.REJECT_CLIENT_RENEGOTIATION, given);
        }

        TlsRuntimeSettings.apply();

        assertEquals(expected, System.getProperty(TlsRuntimeSettings.REJECT_CLIENT_RENEGOTIATION));
    }
}
