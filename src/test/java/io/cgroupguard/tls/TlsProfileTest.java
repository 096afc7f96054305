package io.cgroupguard.tls;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import javax.net.ssl.SSLContext;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TlsProfileTest {

    static Stream<Arguments> protocolsPerProfile() {
        return Stream.of(
                Arguments.of(TlsProfile.INTERMEDIATE, List.of("TLSv1.3", "TLSv1.2")),
                Arguments.of(TlsProfile.MODERN, List.of("TLSv1.3")));
    }

    @ParameterizedTest(name = "{0} offers {1}")
    @MethodSource("protocolsPerProfile")
    void offersOnlyTls12AndUp(TlsProfile profile, List<String> expected) {
        assertEquals(expected, profile.protocols());
    }

    @ParameterizedTest
    @EnumSource(TlsProfile.class)
    void everyTls12Suite_isEcdheWithAnAeadCipher(TlsProfile profile) {
        for (String suite : profile.cipherSuites()) {
            if (isTls13Suite(suite)) {
                continue;
            }
            assertTrue(suite.startsWith("TLS_ECDHE_"), suite + " has no forward secrecy by ECDHE");
            assertTrue(suite.contains("_GCM_") || suite.contains("_CHACHA20_POLY1305_"), suite + " is not AEAD");
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProfile.class)
    void everySuite_isOneTheJdkSupports(TlsProfile profile) throws Exception {
        Set<String> supported = Set.of(SSLContext.getDefault().getSupportedSSLParameters().getCipherSuites());
        for (String suite : profile.cipherSuites()) {
            assertTrue(supported.contains(suite), suite + " is unknown to this JDK, which would drop it silently");
        }
    }

    @ParameterizedTest
    @EnumSource(TlsProfile.class)
    void offersTls13Suites_soEveryProfileServesTls13(TlsProfile profile) {
        assertEquals(3, profile.cipherSuites().stream().filter(TlsProfileTest::isTls13Suite).count());
    }

    @ParameterizedTest
    @EnumSource(value = TlsProfile.class, names = "MODERN")
    void modern_hasNoTls12Suite(TlsProfile profile) {
        assertTrue(profile.cipherSuites().stream().allMatch(TlsProfileTest::isTls13Suite));
    }

    @ParameterizedTest
    @EnumSource(value = TlsProfile.class, names = "INTERMEDIATE")
    void intermediate_servesBothEcdsaAndRsaCertificates(TlsProfile profile) {
        // The guard makes an ECDSA certificate; a person's Secret or cert-manager may hold an RSA one.
        assertTrue(profile.cipherSuites().stream().anyMatch(s -> s.startsWith("TLS_ECDHE_ECDSA_")));
        assertTrue(profile.cipherSuites().stream().anyMatch(s -> s.startsWith("TLS_ECDHE_RSA_")));
    }

    /** TLS 1.3 suite names carry no key exchange; they are the only ones without {@code _WITH_}. */
    private static boolean isTls13Suite(String suite) {
        return !suite.contains("_WITH_");
    }
}
