package io.cgroupguard.certs;

import io.cgroupguard.labeller.Leadership;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The leader's side of self-managed certificates: reads the TLS Secret and the webhooks' caBundle, asks
 * {@link RotationPlan} what to do, and writes the Secret and the caBundle of the two webhook configurations
 * (by name, nothing else). Every write asks the {@link Leadership} first.
 *
 * <p>Order matters for the API server's handshakes: a new CA goes into the caBundles before the Secret holds the
 * pair it signed, so no replica ever serves a certificate the API server does not trust yet.
 */
public final class CertificateKeeper {

    private static final Logger LOG = Logger.getLogger(CertificateKeeper.class);

    /** Where the keeper works: the Secret and webhook configurations by name, and what it issues. */
    public record Target(String namespace, String secret, String webhookConfiguration, CertificateSpec spec,
                         Duration overlap) {
    }

    private final KubernetesClient client;
    private final Target target;
    private final Clock clock;

    public CertificateKeeper(KubernetesClient client, Target target, Clock clock) {
        this.client = client;
        this.target = target;
        this.clock = clock;
    }

    /** One round: read, decide, write what the plan says (only while leading). */
    public RotationPlan reconcile(Leadership leadership) throws IOException, GeneralSecurityException {
        Secret secret = client.secrets().inNamespace(target.namespace()).withName(target.secret()).get();
        Map<String, String> data = secret == null || secret.getData() == null ? Map.of() : secret.getData();
        Optional<ServingKeyMaterial> served = Optional.empty();
        String problem = secret == null ? "Secret " + target.secret() + " not found" : "";
        try {
            if (secret != null) {
                served = Optional.of(ServingKeyMaterial.parse(decode(data, CertificateFiles.TLS_CERT),
                        decode(data, CertificateFiles.TLS_KEY)));
            }
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            problem = e.getMessage();
        }
        List<X509Certificate> secretBundle = certificates(decode(data, CertificateFiles.CA_CERT));
        List<X509Certificate> live = liveBundle();
        List<X509Certificate> liveValidating = liveValidatingBundle();
        RotationPlan plan = RotationPlan.decide(served, problem, secretBundle, live, clock.instant(), target.overlap());
        switch (plan.action()) {
            case ISSUE -> issue(secret, plan, leadership);
            case TRIM -> {
                LOG.infof("TLS: %s", plan.reason());
                String bundle = Pem.encode(plan.trust());
                writeSecret(secret, Map.of(CertificateFiles.CA_CERT, bundle), leadership);
                writeCaBundles(bundle, leadership);
            }
            case KEEP -> {
                if (!live.equals(secretBundle) || !liveValidating.equals(secretBundle)) {
                    LOG.infof("TLS: the webhook configurations' caBundle differs from the Secret's ca.crt; writing it");
                    writeCaBundles(Pem.encode(secretBundle), leadership);
                }
            }
        }
        return plan;
    }

    private void issue(Secret secret, RotationPlan plan, Leadership leadership)
            throws IOException, GeneralSecurityException {
        GeneratedCertificates fresh = new CertificateGenerator(clock).generate(target.spec());
        List<X509Certificate> bundle = new ArrayList<>();
        bundle.add(fresh.ca());
        bundle.addAll(plan.trust());
        String caBundle = Pem.encode(bundle);
        LOG.warnf("TLS: issuing a new CA and serving certificate (serial %s, valid until %s) because %s; the"
                        + " caBundle trusts %d CA(s) through the rotation", fresh.serving().getSerialNumber().toString(16),
                fresh.serving().getNotAfter().toInstant(), plan.reason(), bundle.size());
        if (!writeCaBundles(caBundle, leadership)) {
            return;
        }
        writeSecret(secret, Map.of(CertificateFiles.CA_CERT, caBundle,
                CertificateFiles.TLS_CERT, Pem.encode(List.of(fresh.serving())),
                CertificateFiles.TLS_KEY, Pem.encode(fresh.servingKey())), leadership);
    }

    /** The caBundle the ValidatingWebhookConfiguration holds; empty when none. */
    private List<X509Certificate> liveValidatingBundle() {
        ValidatingWebhookConfiguration validating = client.admissionRegistration().v1()
                .validatingWebhookConfigurations().withName(target.webhookConfiguration()).get();
        if (validating == null || validating.getWebhooks() == null || validating.getWebhooks().isEmpty()
                || validating.getWebhooks().get(0).getClientConfig() == null) {
            return List.of();
        }
        return decodeBundle(validating.getWebhooks().get(0).getClientConfig().getCaBundle());
    }

    /**
     * The caBundle the MutatingWebhookConfiguration holds, empty when none: what the API server trusts when it
     * calls the webhook that every pod creation passes.
     */
    private List<X509Certificate> liveBundle() {
        MutatingWebhookConfiguration mutating = client.admissionRegistration().v1().mutatingWebhookConfigurations()
                .withName(target.webhookConfiguration()).get();
        if (mutating == null || mutating.getWebhooks() == null || mutating.getWebhooks().isEmpty()
                || mutating.getWebhooks().get(0).getClientConfig() == null) {
            return List.of();
        }
        return decodeBundle(mutating.getWebhooks().get(0).getClientConfig().getCaBundle());
    }

    private static List<X509Certificate> decodeBundle(String caBundle) {
        return caBundle == null ? List.of() : certificates(new String(Base64.getDecoder().decode(caBundle),
                StandardCharsets.US_ASCII));
    }

    /** Sets every webhook's caBundle in both configurations; false when leadership was lost first. */
    private boolean writeCaBundles(String bundlePem, Leadership leadership) {
        String encoded = Base64.getEncoder().encodeToString(bundlePem.getBytes(StandardCharsets.US_ASCII));
        if (!leadership.isLeader()) {
            return false;
        }
        client.admissionRegistration().v1().mutatingWebhookConfigurations().withName(target.webhookConfiguration())
                .edit(configuration -> {
                    configuration.getWebhooks().forEach(w -> w.getClientConfig().setCaBundle(encoded));
                    return configuration;
                });
        if (!leadership.isLeader()) {
            return false;
        }
        client.admissionRegistration().v1().validatingWebhookConfigurations().withName(target.webhookConfiguration())
                .edit(configuration -> {
                    configuration.getWebhooks().forEach(w -> w.getClientConfig().setCaBundle(encoded));
                    return configuration;
                });
        return true;
    }

    /**
     * Replaces the named keys of the Secret with an update that carries the resourceVersion read, so a write
     * racing another (a replica that still believes it leads) fails with a conflict instead of mixing two pairs.
     */
    private void writeSecret(Secret secret, Map<String, String> pem, Leadership leadership) {
        if (!leadership.isLeader()) {
            return;
        }
        Map<String, String> encoded = new HashMap<>(secret == null || secret.getData() == null
                ? Map.of() : secret.getData());
        pem.forEach((key, value) -> encoded.put(key,
                Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.US_ASCII))));
        if (secret == null) {
            // The manifests ship the Secret empty, so the guard needs no create permission (which RBAC cannot
            // restrict to one name); this path serves installs that left it out and granted create themselves.
            client.secrets().inNamespace(target.namespace()).resource(new SecretBuilder().withNewMetadata()
                    .withName(target.secret()).withNamespace(target.namespace()).endMetadata()
                    .withType("kubernetes.io/tls").withData(encoded).build()).create();
            return;
        }
        Secret updated = new SecretBuilder(secret).withData(encoded).build();
        client.secrets().inNamespace(target.namespace()).resource(updated).update();
    }

    private static String decode(Map<String, String> data, String key) {
        String value = data.get(key);
        return value == null ? "" : new String(Base64.getDecoder().decode(value), StandardCharsets.US_ASCII);
    }

    private static List<X509Certificate> certificates(String pem) {
        try {
            return Pem.certificates(pem);
        } catch (GeneralSecurityException e) {
            LOG.warnf("TLS: an unreadable CA bundle counts as empty (%s)", e.getMessage());
            return List.of();
        }
    }
}
