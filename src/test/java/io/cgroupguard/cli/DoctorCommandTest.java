package io.cgroupguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** {@code doctor} on the fixture hosts: exit status, JSON fields, and the advice a person gets. */
class DoctorCommandTest {

    private static final String HOSTS = "src/test/resources/hosts/";

    record Run(int status, String out, String err) {
    }

    static Stream<Arguments> states() {
        return Stream.of(
                arguments(Named.of("healthy exits 0", "hybrid-5.4"), 0, "healthy"),
                arguments(Named.of("at-risk exits 1", "centos7-fresh"), 1, "at-risk"),
                arguments(Named.of("exhausted exits 2", "centos7-near-limit"), 2, "exhausted"),
                arguments(Named.of("unreadable exits 3", "broken-proc-cgroups"), 3, "unknown"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("states")
    void exitStatusIsTheState(String host, int status, String state) throws Exception {
        Run run = doctor("--host-root", HOSTS + host, "--output", "json");
        assertEquals(status, run.status(), run.err());
        assertEquals(state, new ObjectMapper().readTree(run.out()).get("state").asText());
    }

    @Test
    void jsonCarriesTheContractFields() throws Exception {
        JsonNode json = new ObjectMapper().readTree(
                doctor("--host-root", HOSTS + "centos7-near-limit", "--output=json").out());

        List<String> fields = new ArrayList<>();
        json.fieldNames().forEachRemaining(fields::add);
        assertEquals(List.of("kernel", "cgroupVersion", "memoryCgroups", "kmemAccounting", "state", "reason", "fixes",
                        "forecast"), fields);
        assertEquals(523, json.get("forecast").get("idsLeft").asLong());
        assertTrue(json.get("forecast").get("exhaustedBy").isNull());
        assertTrue(json.get("forecast").get("note").asText().contains("node agent forecasts"));
        assertEquals("3.10.0-1160.el7.x86_64", json.get("kernel").asText());
        assertEquals("v1", json.get("cgroupVersion").asText());
        JsonNode m = json.get("memoryCgroups");
        assertEquals(List.of(12L, 65012L, 65000L, 65012L, 65535L), List.of(m.get("live").asLong(),
                m.get("total").asLong(), m.get("dying").asLong(), m.get("used").asLong(), m.get("limit").asLong()));
        assertTrue(json.get("kmemAccounting").asBoolean());
        assertEquals("65012 of 65535 memory cgroup ids in use (12 live, 65000 dying); kmem accounting on; "
                + "kernel 3.10.0-1160.el7.x86_64", json.get("reason").asText());
    }

    @Test
    void jsonSaysNullWhenKmemIsUnknown_andV1OnAHybridNode() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        assertTrue(mapper.readTree(doctor("--host-root", HOSTS + "ubuntu-4.4", "--output", "json").out())
                .get("kmemAccounting").isNull());
        assertEquals("v1", mapper.readTree(doctor("--host-root", HOSTS + "hybrid-5.4", "--output", "json").out())
                .get("cgroupVersion").asText());
    }

    @Test
    void textTellsWhatToDoOnAnExhaustedOldKernel() {
        String out = doctor("--host-root", HOSTS + "centos7-near-limit").out();
        assertTrue(out.contains("state             exhausted\n"), out);
        assertTrue(out.contains("ids in use        65012 of 65535 (99.2%), dying memory cgroups keep their id"),
                out);
        assertTrue(out.contains("drain this node and reboot it"), out);
        assertTrue(out.contains("  - to stop the leak, upgrade the kernel to 4.3 or later"), out);
        assertTrue(out.contains("  - or add cgroup.memory=nokmem to the kernel command line"), out);
        assertTrue(out.contains("  - or both: run Docker 18.09.1 or later, or a runc built with the nokmem build tag"),
                out);
        assertTrue(out.contains("; and run a kubelet built with the nokmem build tag"), out);
    }

    static Stream<Arguments> fixesNamed() {
        return Stream.of(
                arguments(Named.of("old kernel, kmem on, versions unknown", List.of("--host-root",
                        HOSTS + "centos7-fresh")), List.of("kernel-upgrade", "boot-nokmem", "runtime-nokmem",
                        "kubelet-nokmem")),
                arguments(Named.of("old kernel, Docker 18.09.1 and kubelet 1.14 given", List.of("--host-root",
                        HOSTS + "centos7-fresh", "--runtime-version", "docker://18.9.1", "--kubelet-version",
                        "v1.14.0")), List.of("kernel-upgrade", "boot-nokmem", "kubelet-nokmem")),
                arguments(Named.of("old kernel, kubelet 1.13 given", List.of("--host-root", HOSTS + "centos7-fresh",
                        "--kubelet-version", "v1.13.5")), List.of("kernel-upgrade", "boot-nokmem", "runtime-nokmem",
                        "kubelet-patched")),
                arguments(Named.of("old kernel booted with nokmem", List.of("--host-root", HOSTS + "centos7-nokmem")),
                        List.of()),
                arguments(Named.of("4.4 near the limit", List.of("--host-root", HOSTS + "ubuntu-4.4")), List.of()),
                arguments(Named.of("5.15 on cgroup v2", List.of("--host-root", HOSTS + "v2-5.15")), List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixesNamed")
    void namesOnlyTheFixesThisNodeStillNeeds(List<String> args, List<String> fixes) throws Exception {
        List<String> json = new ArrayList<>(args);
        json.addAll(List.of("--output", "json"));
        List<String> listed = new ArrayList<>();
        new ObjectMapper().readTree(doctor(json.toArray(String[]::new)).out()).get("fixes")
                .forEach(f -> listed.add(f.asText()));
        assertEquals(fixes, listed);

        String text = doctor(args.toArray(String[]::new)).out();
        assertEquals(fixes.contains("boot-nokmem"), text.contains("cgroup.memory=nokmem to the kernel command line"),
                text);
        assertEquals(fixes.contains("runtime-nokmem"), text.contains("a runc built with the nokmem build tag"), text);
        assertEquals(fixes.contains("kubelet-patched"), text.contains("(before 1.14 it cannot be built"), text);
    }

    @Test
    void textOnANewerKernelAtRiskPointsAtPageCache_notAtKmem() {
        String out = doctor("--host-root", HOSTS + "ubuntu-4.4").out();
        assertTrue(out.contains("state             at-risk\n"), out);
        assertTrue(out.contains("drop_caches"), out);
        assertTrue(!out.contains("nokmem"), out);
    }

    @Test
    void textOnAHealthyNodeAdvisesNothing() {
        String out = doctor("--host-root", HOSTS + "v2-5.15").out();
        assertTrue(out.contains("cgroups           v2\n"), out);
        assertTrue(out.contains("  - nothing: there is headroom"), out);
        assertTrue(!out.contains("reboot"), out);
    }

    @Test
    void textNamesTheUnreadableFile() {
        Run run = doctor("--host-root", HOSTS + "broken-no-osrelease");
        assertEquals(3, run.status());
        assertTrue(run.out().contains("state             unknown\n"), run.out());
        assertTrue(run.out().contains("broken-no-osrelease/proc/sys/kernel/osrelease: it does not exist"), run.out());
    }

    @Test
    void rejectsAnUnknownOutputFormat() {
        Run run = doctor("--output", "yaml");
        assertEquals(Commands.USAGE, run.status());
        assertTrue(run.err().startsWith("usage: doctor"), run.err());
    }

    private static Run doctor(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] full = new String[args.length + 1];
        full[0] = "doctor";
        System.arraycopy(args, 0, full, 1, args.length);
        int status = Commands.run(full, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
