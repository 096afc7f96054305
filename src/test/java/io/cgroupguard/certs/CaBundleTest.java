package io.cgroupguard.certs;

import org.junit.jupiter.api.Test;

import javax.net.ssl.X509TrustManager;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Trust built from a PEM CA bundle: exactly its certificates, and an empty bundle refused by name. */
class CaBundleTest {

    @Test
    void aBundleOfTwoCas_trustsBothAndNoOther() throws Exception {
        GeneratedCertificates one = new CertificateGenerator(Clock.systemUTC()).generate(CertificateSpec.defaults());
        GeneratedCertificates two = new CertificateGenerator(Clock.systemUTC()).generate(CertificateSpec.defaults());
        String bundle = Pem.encode(List.of(one.ca(), two.ca()));

        X509TrustManager trust = (X509TrustManager) CaBundle.trustManagers(
                new ByteArrayInputStream(bundle.getBytes(StandardCharsets.US_ASCII)), "the bundle").getTrustManagers()[0];

        assertEquals(Set.of(one.ca(), two.ca()), Set.of(trust.getAcceptedIssuers()));
    }

    @Test
    void aBundleWithoutCertificates_isRefusedNamingIt() {
        GeneralSecurityException e = assertThrows(GeneralSecurityException.class, () -> CaBundle.trustManagers(
                new ByteArrayInputStream(new byte[0]), "/var/run/secrets/ca.crt"));

        assertEquals("/var/run/secrets/ca.crt holds no PEM certificate", e.getMessage());
    }
}
