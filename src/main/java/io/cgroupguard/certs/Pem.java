package io.cgroupguard.certs;

import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/** PEM text to and from certificates and keys, for material that lives in a Secret rather than in files. */
public final class Pem {

    private Pem() {
    }

    /** The certificates in {@code pem}, in order; none for blank text. */
    public static List<X509Certificate> certificates(String pem) throws GeneralSecurityException {
        if (pem == null || pem.isBlank()) {
            return List.of();
        }
        return CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                .stream().map(X509Certificate.class::cast).toList();
    }

    /** The certificates as one PEM text, in order: a CA bundle. */
    public static String encode(List<X509Certificate> certificates) throws IOException {
        StringBuilder out = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            out.append(write(certificate));
        }
        return out.toString();
    }

    /** The key as unencrypted PKCS#8 PEM, as {@code certs} writes {@code tls.key}. */
    public static String encode(PrivateKey key) throws IOException {
        return write(new JcaPKCS8Generator(key, null));
    }

    private static String write(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }
}
