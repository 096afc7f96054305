package io.cgroupguard.tls;

import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpServerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TlsHardeningTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(TlsProfile.class)
    void replacesWhatQuarkusSet_withTheProfile(TlsProfile profile) {
        HttpServerOptions options = new HttpServerOptions()
                .setEnabledSecureTransportProtocols(Set.of("TLSv1.2", "TLSv1.1"))
                .addEnabledCipherSuite("TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA");

        hardening(profile, Optional.empty()).customizeHttpsServer(options);

        assertEquals(Set.copyOf(profile.protocols()), options.getEnabledSecureTransportProtocols());
        assertEquals(profile.cipherSuites(), List.copyOf(options.getEnabledCipherSuites()), "in preference order");
    }

    @Test
    void withoutCaFile_clientsAreNotAskedForCertificates() {
        HttpServerOptions options = new HttpServerOptions();

        hardening(TlsProfile.INTERMEDIATE, Optional.empty()).customizeHttpsServer(options);

        assertEquals(ClientAuth.NONE, options.getClientAuth());
        assertNull(options.getTrustOptions());
    }

    @Test
    void withCaFile_clientCertificatesAreRequested_soProbesWithoutOneStillGetIn() throws Exception {
        Path ca = ClientCertificates.newCa().writeCa(dir.resolve("ca.crt"));
        HttpServerOptions options = new HttpServerOptions();

        hardening(TlsProfile.INTERMEDIATE, Optional.of(ca)).customizeHttpsServer(options);

        assertEquals(ClientAuth.REQUEST, options.getClientAuth());
        assertNotNull(options.getTrustOptions());
    }

    @Test
    void caFileWithoutCertificate_failsTheStartWithTheKeyAndThePath() throws Exception {
        Path ca = Files.writeString(dir.resolve("ca.crt"), "not a certificate\n");
        TlsHardening hardening = hardening(TlsProfile.INTERMEDIATE, Optional.of(ca));

        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> hardening.customizeHttpsServer(new HttpServerOptions()));
        assertTrue(e.getMessage().contains("cgroup-guard.tls.client-auth.ca-file " + ca.toAbsolutePath()),
                e.getMessage());
    }

    @Test
    void trust_acceptsTheCasClients_andRefusesAnotherCasClients() throws Exception {
        ClientCertificates apiServerCa = ClientCertificates.newCa();
        ClientCertificates otherCa = ClientCertificates.newCa();
        ClientCertificateTrust trust = ClientCertificateTrust.fromPem(apiServerCa.writeCa(dir.resolve("ca.crt")));

        assertDoesNotThrow(() -> trust.checkClientTrusted(apiServerCa.client("kube-apiserver").chain(), "EC"));
        assertThrows(CertificateException.class,
                () -> trust.checkClientTrusted(otherCa.client("intruder").chain(), "EC"));
        assertEquals(List.of(apiServerCa.caCertificate()), List.of(trust.getAcceptedIssuers()));
    }

    private static TlsHardening hardening(TlsProfile profile, Optional<Path> caFile) {
        TlsPolicyConfig.ClientAuth clientAuth = proxy(TlsPolicyConfig.ClientAuth.class, "caFile", caFile);
        TlsPolicyConfig tls = (TlsPolicyConfig) Proxy.newProxyInstance(TlsPolicyConfig.class.getClassLoader(),
                new Class<?>[]{TlsPolicyConfig.class}, (p, method, args) -> switch (method.getName()) {
                    case "profile" -> profile;
                    case "clientAuth" -> clientAuth;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return new TlsHardening(tls);
    }

    /** A configuration interface answering one method; the others are not what this test is about. */
    private static <T> T proxy(Class<T> type, String name, Object value) {
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type}, (p, method, args) -> {
            if (method.getName().equals(name)) {
                return value;
            }
            throw new UnsupportedOperationException(method.getName());
        }));
    }
}
