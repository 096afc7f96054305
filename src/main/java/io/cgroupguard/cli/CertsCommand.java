package io.cgroupguard.cli;

import io.cgroupguard.certs.CertificateFiles;
import io.cgroupguard.certs.CertificateGenerator;
import io.cgroupguard.certs.CertificateSpec;
import io.cgroupguard.certs.CertificateSpec.KeyAlgorithm;
import io.cgroupguard.certs.GeneratedCertificates;
import io.cgroupguard.certs.RenewalDecision;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code certs}: writes a private CA and a serving certificate for the guard's Service into a folder, as
 * {@code ca.crt}, {@code tls.crt} and {@code tls.key}, ready for {@code kubectl apply -k manifests/}. It never
 * overwrites keys unless told to with {@code --force}.
 */
public final class CertsCommand implements Command {

    /** Exit status when existing keys were kept because {@code --force} was not given. */
    public static final int REFUSED = 1;

    private static final String USAGE_LINE = "usage: certs [--out DIR] [--namespace NS] [--service NAME] "
            + "[--key ecdsa|rsa|rsa-2048|rsa-3072|rsa-4096] [--force]";

    private static final Map<String, KeyAlgorithm> KEYS = Map.of(
            "ecdsa", KeyAlgorithm.ECDSA_P256, "ecdsa-p256", KeyAlgorithm.ECDSA_P256,
            "rsa", KeyAlgorithm.RSA_2048, "rsa-2048", KeyAlgorithm.RSA_2048,
            "rsa-3072", KeyAlgorithm.RSA_3072, "rsa-4096", KeyAlgorithm.RSA_4096);

    /** RFC 1123 label: what Kubernetes accepts as a namespace or Service name, and so a DNS name part. */
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private final Clock clock;

    public CertsCommand() {
        this(Clock.systemUTC());
    }

    CertsCommand(Clock clock) {
        this.clock = clock;
    }

    @Override
    public String name() {
        return "certs";
    }

    @Override
    public String summary() {
        return "write a CA and serving certificate: certs [--out DIR] [--namespace NS] [--service NAME] [--force]";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        CertificateSpec spec;
        Arguments parsed;
        try {
            parsed = Arguments.parse(args, Set.of("out", "namespace", "service", "key"), Set.of("force"));
            if (!parsed.operands().isEmpty()) {
                throw new IllegalArgumentException("unexpected argument '" + parsed.operands().get(0) + "'");
            }
            spec = spec(parsed);
        } catch (IllegalArgumentException e) {
            err.println("certs: " + e.getMessage());
            err.println(USAGE_LINE);
            return Commands.USAGE;
        }
        Path dir = Path.of(parsed.option("out").orElse("certs"));
        try {
            if (CertificateFiles.anyPresent(dir) && !parsed.flag("force")) {
                err.println("certs: " + dir + " already holds certificates" + existing(dir)
                        + "; kept them. Give --force to replace them (the webhook configurations' caBundle must"
                        + " then be applied again).");
                return REFUSED;
            }
            List<X509Certificate> previous = parsed.flag("force") ? stillTrusted(dir) : List.of();
            GeneratedCertificates certs = new CertificateGenerator(clock).generate(spec);
            CertificateFiles.write(dir, certs, previous);
            RenewalDecision renewal = RenewalDecision.of(certs.serving(), clock);
            out.println("certs: wrote " + dir.resolve(CertificateFiles.CA_CERT) + ", "
                    + dir.resolve(CertificateFiles.TLS_CERT) + ", " + dir.resolve(CertificateFiles.TLS_KEY));
            out.println("  CA       " + certs.ca().getSubjectX500Principal().getName() + ", valid until "
                    + certs.ca().getNotAfter().toInstant());
            out.println("  serving  " + spec.algorithm() + ", " + renewal.reason());
            out.println("  names    " + String.join(", ", spec.dnsNames()) + ", "
                    + String.join(", ", spec.ipAddresses()));
            previous.forEach(ca -> out.println("  also trusts the previous CA (until " + ca.getNotAfter().toInstant()
                    + ") while the guard still serves its certificate; the next --force drops it"));
            out.println("  " + CertificateFiles.CA_CERT + " is the caBundle: kubectl apply -k manifests/ takes it"
                    + " from manifests/certs/");
            return 0;
        } catch (IOException | GeneralSecurityException e) {
            err.println("certs: cannot write " + dir + ": " + e.getMessage());
            return REFUSED;
        }
    }

    private static CertificateSpec spec(Arguments parsed) {
        CertificateSpec defaults = CertificateSpec.defaults();
        String namespace = dnsLabel("namespace", parsed.option("namespace").orElse(defaults.namespace()));
        String service = dnsLabel("service", parsed.option("service").orElse(defaults.service()));
        String key = parsed.option("key").orElse("ecdsa");
        KeyAlgorithm algorithm = KEYS.get(key);
        if (algorithm == null) {
            throw new IllegalArgumentException("--key must be ecdsa, rsa, rsa-2048, rsa-3072 or rsa-4096, not '"
                    + key + "'");
        }
        return new CertificateSpec(namespace, service, algorithm, defaults.servingLife(), defaults.caLife());
    }

    private static String dnsLabel(String option, String value) {
        if (!DNS_LABEL.matcher(value).matches()) {
            throw new IllegalArgumentException("--" + option + " '" + value + "' is not a Kubernetes name "
                    + "(lower-case letters, digits and '-', at most 63)");
        }
        return value;
    }

    /**
     * The CA that signed the certificate being replaced, while it is valid. The guard keeps serving that
     * certificate until kubelet brings it the new files (a minute or so), so the caBundle must trust both CAs for
     * that long; only the one before is kept, so the bundle never grows past two.
     */
    private List<X509Certificate> stillTrusted(Path dir) {
        try {
            X509Certificate previous = CertificateFiles.read(dir.resolve(CertificateFiles.CA_CERT)).get(0);
            return previous.getNotAfter().toInstant().isAfter(clock.instant()) ? List.of(previous) : List.of();
        } catch (IOException | GeneralSecurityException e) {
            return List.of();
        }
    }

    /** What the folder holds now, so the refusal says whether replacing it is worth it. */
    private String existing(Path dir) {
        try {
            return " (serving certificate " + RenewalDecision.of(CertificateFiles.serving(dir), clock).reason() + ")";
        } catch (IOException | GeneralSecurityException e) {
            return "";
        }
    }
}
