package io.cgroupguard.tls;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The scanner test's judge, on a real report: testssl 3.0.8 against the guard before its TLS was hardened. */
class ScanFindingsTest {

    private static final Path BEFORE = Path.of("src/test/resources/testssl/before-hardening.json");
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void reportBeforeHardening_failsOnRenegotiationTheFourCbcSuitesAndLucky13() throws Exception {
        List<String> violations = ScanFindings.read(BEFORE).violations();

        assertEquals(1, count(violations, "client-initiated renegotiation: secure_client_renego [HIGH]"));
        assertEquals(4, count(violations, "TLS 1.2 suite without ECDHE and AEAD"), String.join("\n", violations));
        assertEquals(1, count(violations, "weakness: LUCKY13 [LOW]"));
        assertEquals(6, violations.size(), String.join("\n", violations));
    }

    @Test
    void reportWithTheFailingFindingsMended_passes() throws Exception {
        Path report = edited(findings -> {
            findings.removeIf(f -> f.path("finding").asText().contains("_CBC_"));
            findings.forEach(f -> {
                if (f.path("id").asText().matches("secure_client_renego|LUCKY13")) {
                    ((ObjectNode) f).put("severity", "OK").put("finding", "not vulnerable");
                }
            });
        });

        assertEquals(List.of(), ScanFindings.read(report).violations());
    }

    @Test
    void oldProtocolOffered_fails() throws Exception {
        Path report = edited(findings -> findings.forEach(f -> {
            if (f.path("id").asText().equals("TLS1_1")) {
                ((ObjectNode) f).put("finding", "offered");
            }
        }));

        assertEquals(1, count(ScanFindings.read(report).violations(), "protocol below TLS 1.2 offered: TLS1_1"));
    }

    @Test
    void anyFindingMarkedVulnerable_fails_whateverItsSeverity() throws Exception {
        Path report = edited(findings -> findings.forEach(f -> {
            if (f.path("id").asText().equals("heartbleed")) {
                ((ObjectNode) f).put("severity", "INFO").put("finding", "VULNERABLE");
            }
        }));

        assertEquals(1, count(ScanFindings.read(report).violations(), "weakness: heartbleed [INFO]"));
    }

    @Test
    void emptyReport_failsAsIncomplete() throws Exception {
        Path report = dir.resolve("empty.json");
        JSON.writeValue(report.toFile(), JSON.createArrayNode());

        assertEquals(3, count(ScanFindings.read(report).violations(), "scan incomplete"));
    }

    /** The real report, changed by {@code edit} and written to a new file. */
    private Path edited(Consumer<List<JsonNode>> edit) throws Exception {
        ArrayNode array = (ArrayNode) JSON.readTree(BEFORE.toFile());
        List<JsonNode> findings = new ArrayList<>();
        array.forEach(findings::add);
        edit.accept(findings);
        Path report = dir.resolve("edited.json");
        JSON.writeValue(report.toFile(), JSON.createArrayNode().addAll(findings));
        return report;
    }

    private static long count(List<String> violations, String prefix) {
        return violations.stream().filter(v -> v.startsWith(prefix)).count();
    }
}
