package io.cgroupguard.certs;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

/**
 * Makes a private CA and a serving certificate signed by it, with Bouncy Castle. The clock is injected so
 * validity windows can be tested.
 */
public final class CertificateGenerator {

    /** Back-dating of notBefore, so a node whose clock runs a little behind still accepts a fresh cert. */
    static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public CertificateGenerator(Clock clock) {
        this.clock = clock;
    }

    /** A new CA and a serving certificate for {@code spec}. */
    public GeneratedCertificates generate(CertificateSpec spec) throws GeneralSecurityException {
        KeyPair caKeys = keyPair(spec.algorithm());
        X509Certificate ca = issueCa(caKeys, spec);
        KeyPair servingKeys = keyPair(spec.algorithm());
        X509Certificate serving = issueServing(servingKeys, ca, caKeys, spec);
        return new GeneratedCertificates(ca, caKeys.getPrivate(), serving, servingKeys.getPrivate());
    }

    private X509Certificate issueCa(KeyPair keys, CertificateSpec spec) throws GeneralSecurityException {
        X500Name name = new X500Name("CN=" + spec.service() + "-ca." + spec.namespace());
        Instant now = clock.instant();
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                    Date.from(now.minus(CLOCK_SKEW)), Date.from(now.plus(spec.caLife())), name, keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(0))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            ext.createSubjectKeyIdentifier(keys.getPublic()));
            return sign(builder, keys, spec.algorithm());
        } catch (CertIOException e) {
            throw new GeneralSecurityException("cannot build the CA certificate", e);
        }
    }

    private X509Certificate issueServing(KeyPair keys, X509Certificate ca, KeyPair caKeys, CertificateSpec spec)
            throws GeneralSecurityException {
        Instant now = clock.instant();
        List<GeneralName> names = new ArrayList<>();
        spec.dnsNames().forEach(n -> names.add(new GeneralName(GeneralName.dNSName, n)));
        spec.ipAddresses().forEach(ip -> names.add(new GeneralName(GeneralName.iPAddress, ip)));
        int usage = KeyUsage.digitalSignature
                | (spec.algorithm() == CertificateSpec.KeyAlgorithm.ECDSA_P256 ? 0 : KeyUsage.keyEncipherment);
        try {
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca,
                    serial(), Date.from(now.minus(CLOCK_SKEW)), Date.from(now.plus(spec.servingLife())),
                    new X500Name("CN=" + spec.service() + "." + spec.namespace() + ".svc"), keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(usage))
                    .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(Extension.subjectAlternativeName, false,
                            new GeneralNames(names.toArray(GeneralName[]::new)))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            ext.createSubjectKeyIdentifier(keys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(ca));
            return sign(builder, caKeys, spec.algorithm());
        } catch (CertIOException e) {
            throw new GeneralSecurityException("cannot build the serving certificate", e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, KeyPair signer,
                                        CertificateSpec.KeyAlgorithm algorithm) throws GeneralSecurityException {
        String signature = algorithm == CertificateSpec.KeyAlgorithm.ECDSA_P256 ? "SHA256withECDSA" : "SHA256withRSA";
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(signature).build(signer.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("cannot sign with " + signature, e);
        }
    }

    private KeyPair keyPair(CertificateSpec.KeyAlgorithm algorithm) throws GeneralSecurityException {
        KeyPairGenerator generator;
        switch (algorithm) {
            case ECDSA_P256 -> {
                generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            }
            case RSA_2048, RSA_3072, RSA_4096 -> {
                generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(Integer.parseInt(algorithm.name().substring(4)), random);
            }
            default -> throw new IllegalArgumentException(algorithm.name());
        }
        return generator.generateKeyPair();
    }

    private BigInteger serial() {
        return new BigInteger(127, random).add(BigInteger.ONE);
    }
}
