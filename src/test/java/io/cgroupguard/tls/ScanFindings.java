package io.cgroupguard.tls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Judges a {@code testssl.sh --jsonfile} report (a flat JSON array of findings, each with {@code id},
 * {@code severity} and {@code finding}) against the guard's TLS policy, and returns what breaks it.
 *
 * <p>testssl's severities are DEBUG, INFO, OK, LOW, MEDIUM, HIGH, CRITICAL, plus WARN and FATAL about the scan
 * itself. LOW and up is a weakness it names (LUCKY13's "potentially vulnerable" on CBC suites is LOW), so any of
 * them fails, as does a FATAL (the scan did not run through).
 */
final class ScanFindings {

    private static final Set<String> OLD_PROTOCOLS = Set.of("SSLv2", "SSLv3", "TLS1", "TLS1_1");
    private static final Set<String> WEAKNESSES = Set.of("LOW", "MEDIUM", "HIGH", "CRITICAL", "FATAL");
    private static final Pattern VULNERABLE = Pattern.compile("(?<!not )vulnerable", Pattern.CASE_INSENSITIVE);
    /** The IANA name of an AEAD suite with ECDHE key exchange (forward secrecy). */
    private static final Pattern ECDHE_AEAD = Pattern.compile("TLS_ECDHE_\\w+_WITH_\\w*(GCM|CHACHA20_POLY1305|CCM)\\w*");

    private final List<JsonNode> findings;

    private ScanFindings(List<JsonNode> findings) {
        this.findings = findings;
    }

    static ScanFindings read(Path jsonFile) throws IOException {
        List<JsonNode> findings = new ArrayList<>();
        new ObjectMapper().readTree(jsonFile.toFile()).forEach(findings::add);
        return new ScanFindings(findings);
    }

    /** Each finding that breaks the policy, as {@code id [severity]: finding}; empty when the port passes. */
    List<String> violations() {
        List<String> violations = new ArrayList<>(incomplete());
        for (JsonNode finding : findings) {
            String id = finding.path("id").asText();
            String severity = finding.path("severity").asText();
            String text = finding.path("finding").asText();
            String line = id + " [" + severity + "]: " + text.replaceAll("\\s+", " ");
            if (OLD_PROTOCOLS.contains(id) && text.startsWith("offered")) {
                violations.add("protocol below TLS 1.2 offered: " + line);
            } else if (id.startsWith("cipher_x") && !id.startsWith("cipher_x13") && !isEcdheAead(text)) {
                violations.add("TLS 1.2 suite without ECDHE and AEAD: " + line);
            } else if (id.equals("secure_client_renego") && !severity.equals("OK")) {
                violations.add("client-initiated renegotiation: " + line);
            } else if (WEAKNESSES.contains(severity) || VULNERABLE.matcher(text).find()) {
                violations.add("weakness: " + line);
            }
        }
        return violations;
    }

    /** A report that lacks the parts the policy is judged on would pass by saying nothing. */
    private List<String> incomplete() {
        List<String> missing = new ArrayList<>();
        if (findings.stream().noneMatch(f -> f.path("id").asText().startsWith("cipher_x"))) {
            missing.add("scan incomplete: no cipher suite listed (was -e given?)");
        }
        if (findings.stream().noneMatch(f -> f.path("id").asText().equals("secure_client_renego"))) {
            missing.add("scan incomplete: no client-initiated renegotiation finding (was -R given?)");
        }
        if (findings.stream().noneMatch(f -> f.path("id").asText().startsWith("TLS1_")
                && f.path("finding").asText().startsWith("offered"))) {
            missing.add("scan incomplete: no TLS 1.2 or 1.3 offered (did the scan reach the server?)");
        }
        return missing;
    }

    /** testssl's cipher finding ends with the suite's IANA name: {@code xc02b  ECDHE-... TLS_ECDHE_...}. */
    private static boolean isEcdheAead(String text) {
        String[] columns = text.trim().split("\\s+");
        return ECDHE_AEAD.matcher(columns[columns.length - 1]).matches();
    }

    /** One line per finding, for the test's output: the scanner's summary as it saw the port. */
    String summary() {
        StringBuilder out = new StringBuilder();
        for (JsonNode finding : findings) {
            out.append(String.format("%-22s %-8s %s%n", finding.path("id").asText(), finding.path("severity").asText(),
                    finding.path("finding").asText().replaceAll("\\s+", " ")));
        }
        return out.toString();
    }
}
