package io.cgroupguard.check;

import io.cgroupguard.certs.CertificateGenerator;
import io.cgroupguard.certs.CertificateSpec;
import io.cgroupguard.certs.GeneratedCertificates;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The handshake check against a real TLS server on loopback, reached as a port-forward would reach it. */
class ServingCertificateCheckTest {

    static GeneratedCertificates SERVED;
    static GeneratedCertificates OTHER;
    static TlsServer server;

    @BeforeAll
    static void serve() throws Exception {
        SERVED = new CertificateGenerator(Clock.systemUTC()).generate(CertificateSpec.defaults());
        OTHER = new CertificateGenerator(Clock.systemUTC()).generate(CertificateSpec.defaults());
        server = new TlsServer(SERVED);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    static byte[] pem(GeneratedCertificates certs) throws Exception {
        return ("-----BEGIN CERTIFICATE-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(certs.ca().getEncoded()) + "\n-----END CERTIFICATE-----\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    static Stream<Arguments> cases() throws Exception {
        return Stream.of(
                Arguments.of("passes_whenTheCaBundleSignedTheCertificate_forTheServiceName", pem(SERVED),
                        "cgroup-guard.cgroup-guard.svc", true, "verifies"),
                Arguments.of("fails_whenTheCaBundleIsAnotherCa", pem(OTHER), "cgroup-guard.cgroup-guard.svc", false,
                        "does not verify"),
                Arguments.of("fails_whenTheCertificateDoesNotNameTheService", pem(SERVED),
                        "cgroup-guard.elsewhere.svc", false, "No subject alternative DNS name"),
                Arguments.of("fails_whenTheCaBundleHoldsNoCertificate", "not a pem".getBytes(StandardCharsets.US_ASCII),
                        "cgroup-guard.cgroup-guard.svc", false, "does not verify"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void handshakeThroughTheNameTheApiServerUses(String name, byte[] caBundle, String serviceName, boolean ok,
                                                 String detail) {
        CheckResult result = ServingCertificateCheck.check(caBundle, serviceName, "127.0.0.1", server.port());

        assertEquals(ok, result.ok(), result.detail());
        assertTrue(result.detail().contains(detail), result.detail());
    }
}
