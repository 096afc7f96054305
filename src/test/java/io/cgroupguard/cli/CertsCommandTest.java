package io.cgroupguard.cli;

import io.cgroupguard.certs.CertificateFiles;
import io.cgroupguard.certs.CertificateSpec;
import io.cgroupguard.testing.TlsHandshake;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.net.ssl.SSLHandshakeException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

class CertsCommandTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int certs(String... args) {
        return new CertsCommand(Clock.fixed(NOW, ZoneOffset.UTC)).run(List.of(args),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    static Stream<Arguments> servingNames() {
        List<Arguments> cases = new ArrayList<>();
        CertificateSpec defaults = CertificateSpec.defaults();
        Stream.concat(defaults.dnsNames().stream(), defaults.ipAddresses().stream())
                .forEach(name -> cases.add(argumentSet("default names: " + name, List.<String>of(), name)));
        CertificateSpec custom = new CertificateSpec("guards", "webhook", CertificateSpec.KeyAlgorithm.RSA_2048,
                Duration.ofDays(1), Duration.ofDays(1));
        custom.dnsNames().forEach(name -> cases.add(argumentSet("--namespace guards --service webhook --key rsa: "
                + name, List.of("--namespace", "guards", "--service", "webhook", "--key", "rsa"), name)));
        return cases.stream();
    }

    @ParameterizedTest
    @MethodSource("servingNames")
    void servingCertificateVerifiesAgainstTheCa_forEveryName(List<String> options, String name) throws Exception {
        Path dir = tmp.resolve("certs");
        List<String> args = new ArrayList<>(options);
        args.addAll(List.of("--out", dir.toString()));
        assertEquals(0, certs(args.toArray(String[]::new)), err.toString());

        X509Certificate served = TlsHandshake.verify(ca(dir), CertificateFiles.serving(dir), key(dir), name);

        assertEquals(CertificateFiles.serving(dir), served);
    }

    static Stream<Arguments> foreignNames() {
        return Stream.of(
                argumentSet("another service", "other.cgroup-guard.svc"),
                argumentSet("same service in another namespace", "cgroup-guard.default.svc"),
                argumentSet("a subdomain of a SAN", "evil.cgroup-guard.cgroup-guard.svc"),
                argumentSet("another loopback address", "127.0.0.2"));
    }

    @ParameterizedTest
    @MethodSource("foreignNames")
    void servingCertificateFailsVerification_forAnotherName(String name) throws Exception {
        Path dir = tmp.resolve("certs");
        assertEquals(0, certs("--out", dir.toString()), err.toString());

        SSLHandshakeException refused = assertThrows(SSLHandshakeException.class,
                () -> TlsHandshake.verify(ca(dir), CertificateFiles.serving(dir), key(dir), name));

        assertTrue(refused.getMessage().contains("No subject alternative"), refused.getMessage());
    }

    @Test
    void keyMatchesTheServingCertificate_andOnlyTheKeyIsPrivate() throws Exception {
        Path dir = tmp.resolve("certs");
        assertEquals(0, certs("--out", dir.toString()), err.toString());

        byte[] data = "cgroup-guard".getBytes(StandardCharsets.UTF_8);
        Signature signer = Signature.getInstance("SHA256withECDSA");
        signer.initSign(key(dir));
        signer.update(data);
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(CertificateFiles.serving(dir).getPublicKey());
        verifier.update(data);
        assertTrue(verifier.verify(signer.sign()));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(CertificateFiles.TLS_KEY))));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(CertificateFiles.TLS_CERT))));
        assertEquals("rw-r--r--", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(CertificateFiles.CA_CERT))));
    }

    @Test
    void servingCertificateLastsAYear_isNoCa_andTheCaLastsLonger() throws Exception {
        Path dir = tmp.resolve("certs");
        assertEquals(0, certs("--out", dir.toString()), err.toString());

        X509Certificate serving = CertificateFiles.serving(dir);
        X509Certificate ca = ca(dir);
        assertEquals(NOW.plus(Duration.ofDays(365)), serving.getNotAfter().toInstant());
        assertEquals(NOW.plus(Duration.ofDays(3650)), ca.getNotAfter().toInstant());
        assertTrue(serving.getNotBefore().toInstant().isBefore(NOW), "back-dated for clock skew");
        assertEquals(-1, serving.getBasicConstraints(), "the serving certificate must not be a CA");
        assertTrue(ca.getBasicConstraints() >= 0, "the CA must be a CA");
        assertTrue(serving.getPublicKey() instanceof ECPublicKey, "ECDSA P-256 by default");
        assertTrue(out.toString().contains("renewal due at"), out.toString());
    }

    @Test
    void makesRsaKeysOnRequest() throws Exception {
        Path dir = tmp.resolve("certs");
        assertEquals(0, certs("--out", dir.toString(), "--key", "rsa-3072"), err.toString());

        assertEquals(3072, ((RSAPublicKey) CertificateFiles.serving(dir).getPublicKey()).getModulus().bitLength());
    }

    @Test
    void keepsExistingKeys_withoutForce() throws Exception {
        Path dir = tmp.resolve("certs");
        assertEquals(0, certs("--out", dir.toString()));
        byte[] key = Files.readAllBytes(dir.resolve(CertificateFiles.TLS_KEY));
        byte[] cert = Files.readAllBytes(dir.resolve(CertificateFiles.TLS_CERT));

        assertEquals(CertsCommand.REFUSED, certs("--out", dir.toString()));

        assertArrayEquals(key, Files.readAllBytes(dir.resolve(CertificateFiles.TLS_KEY)));
        assertArrayEquals(cert, Files.readAllBytes(dir.resolve(CertificateFiles.TLS_CERT)));
        assertTrue(err.toString().contains("--force"), err.toString());
        assertTrue(err.toString().contains("renewal due at"), "says how long the kept one lasts: " + err);
    }

    @Test
    void keepsALoneExistingKey_withoutForce() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("certs"));
        Files.writeString(dir.resolve(CertificateFiles.TLS_KEY), "precious");

        assertEquals(CertsCommand.REFUSED, certs("--out", dir.toString()));

        assertEquals("precious", Files.readString(dir.resolve(CertificateFiles.TLS_KEY)));
        assertFalse(Files.exists(dir.resolve(CertificateFiles.CA_CERT)));
    }

    @Test
    void replacesExistingKeys_withForce() throws Exception {
        Path dir = tmp.resolve("certs");
        assertEquals(0, certs("--out", dir.toString()));
        X509Certificate before = CertificateFiles.serving(dir);
        X509Certificate caBefore = ca(dir);

        assertEquals(0, certs("--out", dir.toString(), "--force"), err.toString());

        assertNotEquals(before.getSerialNumber(), CertificateFiles.serving(dir).getSerialNumber());
        assertNotEquals(caBefore.getSerialNumber(), ca(dir).getSerialNumber());
        TlsHandshake.verify(ca(dir), CertificateFiles.serving(dir), key(dir), "cgroup-guard.cgroup-guard.svc");
    }

    @Test
    void keepsTrustingThePreviousCa_forOneRotation() throws Exception {
        Path dir = tmp.resolve("certs");
        assertEquals(0, certs("--out", dir.toString()));
        X509Certificate first = ca(dir);
        X509Certificate firstServing = CertificateFiles.serving(dir);
        PrivateKey firstKey = key(dir);

        assertEquals(0, certs("--out", dir.toString(), "--force"), err.toString());
        List<X509Certificate> bundle = CertificateFiles.read(dir.resolve(CertificateFiles.CA_CERT));

        assertEquals(2, bundle.size(), "the new CA and the one before");
        assertEquals(first, bundle.get(1));
        // The replicas still serving the old certificate are trusted, and so are those serving the new one.
        TlsHandshake.verify(bundle, firstServing, firstKey, "cgroup-guard.cgroup-guard.svc");
        TlsHandshake.verify(bundle, CertificateFiles.serving(dir), key(dir), "cgroup-guard.cgroup-guard.svc");
        assertTrue(out.toString().contains("also trusts the previous CA"), out.toString());

        X509Certificate second = bundle.get(0);
        assertEquals(0, certs("--out", dir.toString(), "--force"), err.toString());

        assertEquals(List.of(second), CertificateFiles.read(dir.resolve(CertificateFiles.CA_CERT)).subList(1, 2));
        assertEquals(2, CertificateFiles.read(dir.resolve(CertificateFiles.CA_CERT)).size(), "the oldest is dropped");
    }

    @Test
    void dropsThePreviousCa_onceItHasExpired() throws Exception {
        Path dir = tmp.resolve("certs");
        assertEquals(0, certs("--out", dir.toString()));

        int status = new CertsCommand(Clock.fixed(NOW.plus(Duration.ofDays(3651)), ZoneOffset.UTC)).run(
                List.of("--out", dir.toString(), "--force"), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));

        assertEquals(0, status, err.toString());
        assertEquals(1, CertificateFiles.read(dir.resolve(CertificateFiles.CA_CERT)).size());
    }

    static Stream<Arguments> misuses() {
        return Stream.of(
                argumentSet("unknown key type", List.of("--key", "dsa"), "--key must be"),
                argumentSet("upper-case namespace", List.of("--namespace", "Guard"), "not a Kubernetes name"),
                argumentSet("dotted service", List.of("--service", "a.b"), "not a Kubernetes name"),
                argumentSet("unknown option", List.of("--days", "3"), "unknown option --days"),
                argumentSet("stray operand", List.of("certs"), "unexpected argument"));
    }

    @ParameterizedTest
    @MethodSource("misuses")
    void refusesMisuse_withAUsageError_andWritesNothing(List<String> args, String message) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of("--out", tmp.resolve("certs").toString()));

        assertEquals(Commands.USAGE, certs(all.toArray(String[]::new)));

        assertTrue(err.toString().contains(message), err.toString());
        assertFalse(Files.exists(tmp.resolve("certs")));
    }

    @Test
    void isListedAmongTheCommands() {
        ByteArrayOutputStream help = new ByteArrayOutputStream();
        Commands.run(new String[] {"help"}, new PrintStream(help, true, StandardCharsets.UTF_8), System.err);

        assertTrue(help.toString(StandardCharsets.UTF_8).contains("certs"), help.toString(StandardCharsets.UTF_8));
    }

    private static X509Certificate ca(Path dir) throws Exception {
        return CertificateFiles.read(dir.resolve(CertificateFiles.CA_CERT)).get(0);
    }

    private static PrivateKey key(Path dir) throws Exception {
        try (Reader reader = Files.newBufferedReader(dir.resolve(CertificateFiles.TLS_KEY));
             PEMParser parser = new PEMParser(reader)) {
            return new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) parser.readObject());
        }
    }
}
