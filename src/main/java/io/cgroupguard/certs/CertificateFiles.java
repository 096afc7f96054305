package io.cgroupguard.certs;

import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * The certificate folder, laid out like a Kubernetes TLS Secret mounted as files: {@code ca.crt},
 * {@code tls.crt}, {@code tls.key} (PKCS#8 PEM).
 */
public final class CertificateFiles {

    public static final String CA_CERT = "ca.crt";
    public static final String TLS_CERT = "tls.crt";
    public static final String TLS_KEY = "tls.key";

    private CertificateFiles() {
    }

    /** True when the folder already holds a serving certificate and key. */
    public static boolean present(Path dir) {
        return Files.isRegularFile(dir.resolve(TLS_CERT)) && Files.isRegularFile(dir.resolve(TLS_KEY));
    }

    /** True when any of the three files exists; used to refuse overwriting keys. */
    public static boolean anyPresent(Path dir) {
        return List.of(CA_CERT, TLS_CERT, TLS_KEY).stream().anyMatch(f -> Files.exists(dir.resolve(f)));
    }

    /** The certificates in a PEM file, in file order (a CA bundle may hold several). */
    public static List<X509Certificate> read(Path file) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in)
                    .stream().map(X509Certificate.class::cast).toList();
            if (certificates.isEmpty()) {
                throw new GeneralSecurityException(file + " holds no certificate");
            }
            return certificates;
        }
    }

    /** The serving certificate of the folder: the first one in {@code tls.crt}. */
    public static X509Certificate serving(Path dir) throws IOException, GeneralSecurityException {
        return read(dir.resolve(TLS_CERT)).get(0);
    }

    /** Writes the three files, {@code ca.crt} holding only the new CA. */
    public static void write(Path dir, GeneratedCertificates certs) throws IOException {
        write(dir, certs, List.of());
    }

    /**
     * Writes the three files. Each is written to a temporary file and moved into place, so a reader (the
     * guard's reload, a kubelet sync) never sees half a key. The key is readable by its owner only. The CA key
     * is not written: whoever needs to sign again makes a new CA.
     *
     * @param previousCas CAs to keep trusting after the new one in {@code ca.crt}: a caBundle made from it
     *                    accepts the guard's old certificate until every replica serves the new one
     */
    public static void write(Path dir, GeneratedCertificates certs, List<X509Certificate> previousCas)
            throws IOException {
        Files.createDirectories(dir);
        StringBuilder bundle = new StringBuilder(pem(certs.ca()));
        for (X509Certificate previous : previousCas) {
            bundle.append(pem(previous));
        }
        writeAtomically(dir, CA_CERT, bundle.toString(), false);
        writeAtomically(dir, TLS_KEY, pem(new JcaPKCS8Generator(certs.servingKey(), null)), true);
        writeAtomically(dir, TLS_CERT, pem(certs.serving()), false);
    }

    private static void writeAtomically(Path dir, String name, String content, boolean secret) throws IOException {
        Path tmp = Files.createTempFile(dir, "." + name, ".tmp");
        try {
            // Temporary files are made owner-only; certificates are public, the key stays that way.
            permit(tmp, secret ? "rw-------" : "rw-r--r--");
            Files.writeString(tmp, content, StandardCharsets.US_ASCII);
            Files.move(tmp, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void permit(Path file, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system (Windows): its ACLs already limit the user's temp files.
        }
    }

    private static String pem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }
}
