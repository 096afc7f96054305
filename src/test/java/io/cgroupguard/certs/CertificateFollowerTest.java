package io.cgroupguard.certs;

import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CertificateFollowerTest {

    @TempDir
    Path dir;

    private final CertificateGenerator generator = new CertificateGenerator(Clock.systemUTC());

    private ReloadingKeyManager servingFirstSet() throws Exception {
        CertificateFiles.write(dir, generator.generate(CertificateSpec.defaults()));
        return new ReloadingKeyManager(ServingKeyMaterial.read(dir));
    }

    @Test
    void changesNothing_whileTheFilesHoldTheServedPair() throws Exception {
        ReloadingKeyManager keys = servingFirstSet();
        ServingKeyMaterial served = keys.current();

        CertificateFollower.Result result = new CertificateFollower(dir, keys).check();

        assertEquals(CertificateFollower.Outcome.UNCHANGED, result.outcome());
        assertEquals(served, keys.current());
    }

    @Test
    void servesANewPair_assoonAsTheFilesHoldOne() throws Exception {
        ReloadingKeyManager keys = servingFirstSet();
        GeneratedCertificates rotated = generator.generate(CertificateSpec.defaults());
        CertificateFiles.write(dir, rotated);

        CertificateFollower.Result result = new CertificateFollower(dir, keys).check();

        assertEquals(CertificateFollower.Outcome.RELOADED, result.outcome());
        assertEquals(rotated.serving(), keys.current().certificate());
        assertArrayEquals(new Object[] {rotated.serving()}, keys.getCertificateChain(ReloadingKeyManager.ALIAS));
        assertEquals(rotated.servingKey(), keys.getPrivateKey(ReloadingKeyManager.ALIAS));
        assertTrue(result.message().contains(rotated.serving().getSerialNumber().toString(16)), result.message());
    }

    @Test
    void keepsServingTheOldPair_whenTheKeyIsFromAnotherRotation() throws Exception {
        ReloadingKeyManager keys = servingFirstSet();
        ServingKeyMaterial served = keys.current();
        Path other = Files.createDirectories(dir.resolve("other"));
        CertificateFiles.write(other, generator.generate(CertificateSpec.defaults()));
        Files.copy(other.resolve(CertificateFiles.TLS_CERT), dir.resolve(CertificateFiles.TLS_CERT),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        CertificateFollower.Result result = new CertificateFollower(dir, keys).check();

        assertEquals(CertificateFollower.Outcome.KEPT_OLD, result.outcome());
        assertTrue(result.message().contains("not the key of the certificate"), result.message());
        assertEquals(served, keys.current());
    }

    @Test
    void keepsServingTheOldPair_whileTheFilesAreHalfWritten() throws Exception {
        ReloadingKeyManager keys = servingFirstSet();
        ServingKeyMaterial served = keys.current();
        String cert = Files.readString(dir.resolve(CertificateFiles.TLS_CERT));
        Files.writeString(dir.resolve(CertificateFiles.TLS_CERT), cert.substring(0, cert.length() / 2));

        assertEquals(CertificateFollower.Outcome.KEPT_OLD, new CertificateFollower(dir, keys).check().outcome());
        Files.delete(dir.resolve(CertificateFiles.TLS_KEY));
        assertEquals(CertificateFollower.Outcome.KEPT_OLD, new CertificateFollower(dir, keys).check().outcome());

        assertEquals(served, keys.current());
    }

    @ParameterizedTest
    @EnumSource(value = CertificateSpec.KeyAlgorithm.class, names = {"ECDSA_P256", "RSA_2048"})
    void readsTheTraditionalKeyFormat_thatCertManagerWrites(CertificateSpec.KeyAlgorithm algorithm) throws Exception {
        GeneratedCertificates certs = generator.generate(new CertificateSpec("cgroup-guard", "cgroup-guard", algorithm,
                Duration.ofDays(1), Duration.ofDays(2)));
        CertificateFiles.write(dir, certs);
        String traditional = traditionalPem(certs);
        assertTrue(traditional.startsWith(algorithm == CertificateSpec.KeyAlgorithm.RSA_2048
                ? "-----BEGIN RSA PRIVATE KEY-----" : "-----BEGIN EC PRIVATE KEY-----"), traditional);
        Files.writeString(dir.resolve(CertificateFiles.TLS_KEY), traditional);

        ServingKeyMaterial material = ServingKeyMaterial.read(dir);

        assertEquals(certs.servingKey().getAlgorithm(), material.key().getAlgorithm());
        assertTrue(material.keyMatchesCertificate(), "the key read signs what the certificate verifies");
    }

    /**
     * The key as Go's crypto/x509 writes it for cert-manager: PKCS#1 for RSA, SEC1 with the named curve and the
     * public key for EC.
     */
    private static String traditionalPem(GeneratedCertificates certs) throws Exception {
        PrivateKeyInfo info = PrivateKeyInfo.getInstance(certs.servingKey().getEncoded());
        PemObject pem;
        if (certs.servingKey().getAlgorithm().equals("RSA")) {
            pem = new PemObject("RSA PRIVATE KEY", info.parsePrivateKey().toASN1Primitive().getEncoded());
        } else {
            ECPrivateKey inner = ECPrivateKey.getInstance(info.parsePrivateKey());
            DERBitString publicKey = new DERBitString(SubjectPublicKeyInfo.getInstance(certs.serving().getPublicKey().getEncoded())
                    .getPublicKeyData().getBytes());
            pem = new PemObject("EC PRIVATE KEY", new ECPrivateKey(256, inner.getKey(), publicKey,
                    info.getPrivateKeyAlgorithm().getParameters()).getEncoded());
        }
        StringWriter out = new StringWriter();
        try (PemWriter writer = new PemWriter(out)) {
            writer.writeObject(pem);
        }
        return out.toString();
    }

    @Test
    void offersTheCertificate_onlyForTheKeyTypeItHolds() throws Exception {
        ReloadingKeyManager keys = servingFirstSet();

        assertEquals(ReloadingKeyManager.ALIAS, keys.chooseEngineServerAlias("EC", null, null));
        assertNull(keys.chooseEngineServerAlias("RSA", null, null));
        assertNull(keys.chooseEngineClientAlias(new String[] {"EC"}, null, null));
        assertNull(keys.getCertificateChain("another"));
    }
}
