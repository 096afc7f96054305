package io.cgroupguard.certs;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Follows the TLS Secret through the API for a {@link ReloadingKeyManager}, as {@link CertificateFollower} follows
 * files: each {@link #check} reads the Secret by name and hands a new, valid pair to the key manager; an empty or
 * broken Secret never replaces a working pair.
 *
 * <p>Why the API and not a mounted volume: kubelet refreshes a Secret volume only on its sync (a minute or more),
 * and a pod whose Secret is still empty would not start at all; one GET by name per period needs only {@code get}
 * on that one Secret, and a replica serves a new pair within one period of the leader writing it.
 */
public final class SecretFollower {

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private final ReloadingKeyManager keyManager;

    public SecretFollower(KubernetesClient client, String namespace, String name, ReloadingKeyManager keyManager) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
        this.keyManager = keyManager;
    }

    /** Reads the Secret once and updates the key manager when it holds a new pair. */
    public CertificateFollower.Result check() {
        String where = "Secret " + namespace + "/" + name;
        ServingKeyMaterial candidate;
        try {
            Secret secret = client.secrets().inNamespace(namespace).withName(name).get();
            Map<String, String> data = secret == null || secret.getData() == null ? Map.of() : secret.getData();
            if (data.getOrDefault(CertificateFiles.TLS_CERT, "").isEmpty()) {
                return new CertificateFollower.Result(CertificateFollower.Outcome.KEPT_OLD, "TLS: " + where
                        + (secret == null ? " not found" : " holds no certificate yet") + "; still serving serial "
                        + serial() + " until the leader writes it");
            }
            candidate = ServingKeyMaterial.parse(decode(data.get(CertificateFiles.TLS_CERT)),
                    decode(data.getOrDefault(CertificateFiles.TLS_KEY, "")));
        } catch (Exception e) {
            return new CertificateFollower.Result(CertificateFollower.Outcome.KEPT_OLD, "TLS: cannot use " + where
                    + " (" + e.getMessage() + "); still serving serial " + serial());
        }
        if (candidate.sameAs(keyManager.current())) {
            return new CertificateFollower.Result(CertificateFollower.Outcome.UNCHANGED, "");
        }
        keyManager.update(candidate);
        return new CertificateFollower.Result(CertificateFollower.Outcome.RELOADED, "TLS: now serving the certificate"
                + " of " + where + " (serial " + candidate.certificate().getSerialNumber().toString(16)
                + ", valid until " + candidate.certificate().getNotAfter().toInstant() + ")");
    }

    private String serial() {
        return keyManager.current().certificate().getSerialNumber().toString(16);
    }

    private static String decode(String base64) {
        return new String(Base64.getDecoder().decode(base64), StandardCharsets.US_ASCII);
    }
}
