package io.cgroupguard.certs;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/** A CA with its key, and a serving certificate it signed with that certificate's key. */
public record GeneratedCertificates(X509Certificate ca, PrivateKey caKey, X509Certificate serving,
                                    PrivateKey servingKey) {
}
