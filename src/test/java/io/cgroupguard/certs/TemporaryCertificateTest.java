package io.cgroupguard.certs;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.security.cert.X509Certificate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The temporary pair made beside Quarkus's boot: servable, and each pair handed out once. */
class TemporaryCertificateTest {

    @AfterEach
    void noPairLeftBehind() throws Exception {
        TemporaryCertificate.take();
    }

    @Test
    void handsOutTheBegunPair_asAServableChainAndKey() throws Exception {
        TemporaryCertificate.startMaking();
        GeneratedCertificates pair = TemporaryCertificate.take();
        X509Certificate serving = pair.serving();
        serving.verify(pair.ca().getPublicKey());
        ServingKeyMaterial material = new ServingKeyMaterial(pair.servingKey(), List.of(serving));
        assertTrue(material.keyMatchesCertificate(), "the key is the serving certificate's");
        assertEquals("EC", serving.getPublicKey().getAlgorithm(), "the default key type, ECDSA P-256");
        assertTrue(serving.getSubjectAlternativeNames().stream().anyMatch(name -> "cgroup-guard.cgroup-guard.svc"
                .equals(name.get(1))), "named for the Service: " + serving.getSubjectAlternativeNames());
    }

    @Test
    void makesAFreshPairPerTake_whetherBegunOrNot() throws Exception {
        TemporaryCertificate.startMaking();
        TemporaryCertificate.startMaking();
        GeneratedCertificates begun = TemporaryCertificate.take();
        GeneratedCertificates madeOnTheSpot = TemporaryCertificate.take();
        assertNotEquals(begun.serving().getSerialNumber(), madeOnTheSpot.serving().getSerialNumber());
        assertNotEquals(begun.ca().getPublicKey(), madeOnTheSpot.ca().getPublicKey());
    }
}
