package io.cgroupguard.manifests;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The RBAC table of docs/install.md says what the manifests grant: a reader deciding whether to trust the
 * install reads that table, not the YAML. Rows read {@code | `ACCOUNT` (...) | RESOURCE verb/verb; ... |}, a
 * clause ending {@code in `NAMESPACE` only} for a Role's grants; parentheses are comments.
 */
class InstallDocRbacTest {

    private static final Path INSTALL = Path.of("docs/install.md");
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z-]+)`[^|]*\\| (.*) \\|$");
    private static final Pattern IN_NAMESPACE = Pattern.compile("\\s+in `([a-z-]+)` only$");

    static Set<String> accounts() {
        return RbacTest.EXPECTED.keySet();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("accounts")
    void installDocListsExactlyWhatTheManifestsGrant(String account) throws IOException {
        String name = account.substring(account.indexOf('/') + 1);
        String row = Files.readAllLines(INSTALL).stream()
                .map(ROW::matcher).filter(Matcher::matches).filter(m -> m.group(1).equals(name))
                .map(m -> m.group(2)).findFirst().orElse(null);
        assertTrue(row != null, "docs/install.md has no RBAC row for service account " + name);

        assertEquals(new TreeSet<>(RbacTest.EXPECTED.get(account)), grants(row), "docs/install.md, row " + name);
    }

    /** The row's clauses as {@code scope group/resource verb}, in RbacTest's notation. */
    private static Set<String> grants(String row) {
        Set<String> grants = new TreeSet<>();
        for (String clause : row.replaceAll("\\s*\\([^)]*\\)", "").split(";")) {
            String text = clause.strip();
            String scope = "cluster";
            Matcher namespace = IN_NAMESPACE.matcher(text);
            if (namespace.find()) {
                scope = namespace.group(1);
                text = text.substring(0, namespace.start());
            }
            String[] words = text.split("\\s+");
            assertEquals(2, words.length, "a clause is RESOURCE verb/verb: '" + clause.strip() + "'");
            String group = words[0].equals("leases") ? "coordination.k8s.io"
                    : words[0].endsWith("webhookconfigurations") ? "admissionregistration.k8s.io" : "core";
            for (String verb : words[1].split("/")) {
                grants.add(scope + " " + group + "/" + words[0] + " " + verb);
            }
        }
        return grants;
    }
}
