package io.cgroupguard.certs;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

/**
 * A serving certificate chain with its private key, as read from {@code tls.crt} and {@code tls.key}, checked to
 * belong together.
 *
 * @param key    the private key
 * @param chain  the serving certificate first, then any intermediates
 */
public record ServingKeyMaterial(PrivateKey key, List<X509Certificate> chain) {

    private static final byte[] PROBE = "cgroup-guard key check".getBytes(StandardCharsets.US_ASCII);

    public ServingKeyMaterial {
        chain = List.copyOf(chain);
    }

    /**
     * Reads the folder's {@code tls.crt} and {@code tls.key}. The key may be PKCS#8 ({@code certs}) or the
     * PKCS#1/SEC1 form that cert-manager writes by default.
     *
     * @throws GeneralSecurityException when a file holds no certificate or key, or the key is not the certificate's
     */
    public static ServingKeyMaterial read(Path dir) throws IOException, GeneralSecurityException {
        List<X509Certificate> chain = CertificateFiles.read(dir.resolve(CertificateFiles.TLS_CERT));
        try (Reader reader = Files.newBufferedReader(dir.resolve(CertificateFiles.TLS_KEY), StandardCharsets.US_ASCII)) {
            return checked(readKey(reader, dir.resolve(CertificateFiles.TLS_KEY).toString()), chain);
        }
    }

    /** The pair held as PEM text, e.g. in a Secret's {@code tls.crt} and {@code tls.key}; checked like {@link #read}. */
    public static ServingKeyMaterial parse(String chainPem, String keyPem) throws IOException, GeneralSecurityException {
        List<X509Certificate> chain = Pem.certificates(chainPem);
        if (chain.isEmpty()) {
            throw new GeneralSecurityException(CertificateFiles.TLS_CERT + " holds no certificate");
        }
        return checked(readKey(new StringReader(keyPem), CertificateFiles.TLS_KEY), chain);
    }

    private static ServingKeyMaterial checked(PrivateKey key, List<X509Certificate> chain)
            throws GeneralSecurityException {
        ServingKeyMaterial material = new ServingKeyMaterial(key, chain);
        if (!material.keyMatchesCertificate()) {
            throw new GeneralSecurityException(CertificateFiles.TLS_KEY + " is not the key of the certificate in "
                    + CertificateFiles.TLS_CERT + " (files from two different rotations?)");
        }
        return material;
    }

    /** The serving certificate itself. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** True when both hold the same certificates and key, so a reload would change nothing. */
    public boolean sameAs(ServingKeyMaterial other) {
        return other != null && chain.equals(other.chain) && Arrays.equals(key.getEncoded(), other.key.getEncoded());
    }

    /** Signs a probe with the key and verifies it with the certificate: the pair is usable only if it holds. */
    boolean keyMatchesCertificate() throws GeneralSecurityException {
        String algorithm = switch (key.getAlgorithm()) {
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            default -> throw new GeneralSecurityException("unsupported key algorithm " + key.getAlgorithm());
        };
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(PROBE);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(certificate().getPublicKey());
        verifier.update(PROBE);
        return verifier.verify(signature);
    }

    private static PrivateKey readKey(Reader reader, String source) throws IOException, GeneralSecurityException {
        JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
        try (PEMParser parser = new PEMParser(reader)) {
            // OpenSSL may put an "EC PARAMETERS" block before the key; skip anything that is not a key.
            for (Object object = parser.readObject(); object != null; object = parser.readObject()) {
                if (object instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (object instanceof PEMKeyPair pair) {
                    // Only the private half: a SEC1 key may leave its optional public key out.
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
            }
        }
        throw new GeneralSecurityException(source + " holds no unencrypted private key");
    }
}
