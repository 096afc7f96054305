package io.cgroupguard.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodesCommandTest {

    static final String NODES = "src/test/resources/labeller/snapshot-nodes.yaml";
    static final String EVENTS = "src/test/resources/labeller/kubelet-events.yaml";
    static final String AT = "2019-06-04T10:16:00Z";
    static final String SEED = "src/test/resources/remedy/seed-nodes.yaml";

    record Run(int status, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> all = new ArrayList<>(List.of("nodes"));
        all.addAll(List.of(args));
        int status = Commands.run(all.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Map<String, JsonNode> byNode(String json) throws IOException {
        Map<String, JsonNode> rows = new HashMap<>();
        new ObjectMapper().readTree(json).forEach(row -> rows.put(row.get("node").asText(), row));
        return rows;
    }

    static Stream<Arguments> snapshot() {
        return Stream.of(
                Arguments.of(Named.of("70 ENOSPC mkdirs from the original report", "10.10.252.4"), "exhausted",
                        "kubelet reported 70 failed cgroup creations"),
                Arguments.of(Named.of("sandbox failing under docker", "VM-0-39-ubuntu"), "exhausted",
                        "12 failed cgroup creations"),
                Arguments.of(Named.of("ENOMEM on the memory cgroup", "node-2"), "exhausted", "cannot allocate memory"),
                Arguments.of(Named.of("exactly the threshold", "node-3"), "exhausted", "threshold 3"),
                Arguments.of(Named.of("full disk while pulling", "node-4"), "healthy", "no evidence"),
                Arguments.of(Named.of("full disk in containerd's state", "node-5"), "healthy", "no evidence"),
                Arguments.of(Named.of("CentOS 7 kernel, quiet", "node-6"), "at-risk", "older than 4.3"),
                Arguments.of(Named.of("an operator's override", "node-7"), "healthy",
                        "an operator set cgroup-guard.io/override=healthy"),
                Arguments.of(Named.of("the agent's condition", "node-8"), "exhausted", "65535 of 65535"),
                Arguments.of(Named.of("rebooted since it was flagged", "node-9"), "healthy", "rebooted"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("snapshot")
    void reportsWhatTheLabellerWouldDecide(String node, String state, String reasonSays) throws IOException {
        Run run = run("--nodes-file", NODES, "--events-file", EVENTS, "--at", AT, "--output", "json");
        assertEquals(0, run.status(), run.err());
        JsonNode row = byNode(run.out()).get(node);
        assertEquals(state, row.get("state").asText());
        assertTrue(row.get("reason").asText().contains(reasonSays), row.get("reason").asText());
    }

    @Test
    void printsOneTableLinePerNode() {
        Run run = run("--nodes-file", NODES, "--events-file", EVENTS, "--at", AT);
        assertEquals(0, run.status(), run.err());
        List<String> lines = run.out().lines().takeWhile(l -> !l.isEmpty()).toList();
        assertEquals(11, lines.size());
        assertTrue(lines.get(0).matches("NODE\\s+STATE\\s+OVERRIDE\\s+SINCE\\s+EXHAUSTED-BY\\s+FIXES\\s+REASON"), lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.matches("node-7\\s+healthy\\s+healthy\\s+.*")), run.out());
    }

    @Test
    void saysWhenTheEventsAreOlderThanTheWindow() throws IOException {
        Run run = run("--nodes-file", NODES, "--events-file", EVENTS, "--output", "json");
        assertEquals(0, run.status());
        assertTrue(run.err().contains("add --at TIME"), run.err());
        assertEquals("at-risk", byNode(run.out()).get("10.10.252.4").get("state").asText());
    }

    @Test
    void worksWithoutAnEventsFile() throws IOException {
        Run run = run("--nodes-file", NODES, "--output", "json");
        assertEquals(0, run.status(), run.err());
        assertEquals("exhausted", byNode(run.out()).get("node-8").get("state").asText());
    }

    static Stream<Arguments> seedFixes() {
        return Stream.of(
                Arguments.of(Named.of("3.10 with Docker 18.06 and kubelet 1.13", "centos-docker-18.06"),
                        List.of("kernel-upgrade", "boot-nokmem", "runtime-nokmem", "kubelet-patched")),
                Arguments.of(Named.of("3.10 with nokmem", "centos-nokmem"), List.of()),
                Arguments.of(Named.of("3.10 with Docker 18.09.1 and kubelet 1.14", "centos-docker-18.09.1"),
                        List.of("kernel-upgrade", "boot-nokmem", "kubelet-nokmem")),
                Arguments.of(Named.of("4.4", "ubuntu-4.4"), List.of()),
                Arguments.of(Named.of("5.x", "ubuntu-5.15"), List.of()),
                Arguments.of(Named.of("3.10 with containerd and no agent", "centos-containerd"),
                        List.of("kernel-upgrade", "boot-nokmem", "runtime-nokmem", "kubelet-nokmem")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seedFixes")
    void listsEachNodesRemainingFixes(String node, List<String> fixes) throws IOException {
        Run run = run("--nodes-file", SEED, "--output", "json");
        assertEquals(0, run.status(), run.err());
        List<String> listed = new ArrayList<>();
        byNode(run.out()).get(node).get("fixes").forEach(f -> listed.add(f.asText()));
        assertEquals(fixes, listed);
    }

    @Test
    void jsonGivesTheForecastTime_andNullWithoutOne() throws IOException {
        Run run = run("--nodes-file", SEED, "--output", "json");
        assertEquals("2019-06-25T06:18:00Z", byNode(run.out()).get("centos-docker-18.06").get("exhaustedBy").asText());
        assertTrue(byNode(run.out()).get("centos-docker-18.06").get("reason").asText()
                .contains("leaking 120.0 memory cgroup ids per hour"), run.out());
        assertTrue(byNode(run.out()).get("ubuntu-5.15").get("exhaustedBy").isNull(), run.out());
    }

    @Test
    void jsonSaysNullFixes_whenTheNodeReportsNoKernel() throws IOException {
        Run run = run("--nodes-file", SEED, "--output", "json");
        assertTrue(byNode(run.out()).get("no-node-info").get("fixes").isNull(), run.out());
    }

    @Test
    void tableShowsFixesPerNode_andCountsThemForTheFleet() {
        Run run = run("--nodes-file", SEED);
        assertEquals(0, run.status(), run.err());
        List<String> lines = run.out().lines().toList();
        assertTrue(lines.stream().anyMatch(l -> l.matches(
                "centos-docker-18.06\\s+at-risk\\s+-\\s+\\S+\\s+2019-06-25T06:18:00Z\\s+kernel-upgrade \\| boot-nokmem \\| "
                        + "runtime-nokmem\\+kubelet-patched\\s+.*")), run.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("ubuntu-5.15\\s+\\S+\\s+-\\s+\\S+\\s+-\\s+-\\s+.*")),
                run.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("centos-nokmem\\s+healthy\\s+-\\s+.*kmem accounting on, "
                + "and the node agent reads it off")), run.out());
        assertTrue(lines.contains("fixes: 3 of 7 nodes still leak memory cgroups, 3 need no fix, 1 unknown"),
                run.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("  kernel-upgrade\\s+3 nodes: upgrade the kernel.*")),
                run.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches(
                "  kubelet-patched\\s+1 node: run a kubelet of 1.14 or later.*")), run.out());
    }

    static Stream<Arguments> badInput(@TempDir Path dir) throws IOException {
        Path garbage = Files.writeString(dir.resolve("garbage.yaml"), "items: [unclosed\n  - : :");
        Path pods = Files.writeString(dir.resolve("pods.yaml"), "apiVersion: v1\nkind: PodList\nitems: []\n");
        return Stream.of(
                Arguments.of(Named.of("missing nodes file", List.of("--nodes-file", "/nonexistent/nodes.yaml")),
                        "no such file"),
                Arguments.of(Named.of("events file given as the nodes file", List.of("--nodes-file", EVENTS)),
                        "not a Node"),
                Arguments.of(Named.of("nodes file that is not YAML", List.of("--nodes-file", garbage.toString())),
                        "not YAML"),
                Arguments.of(Named.of("a pod list", List.of("--nodes-file", pods.toString())), "not a node list"),
                Arguments.of(Named.of("missing events file", List.of("--nodes-file", NODES, "--events-file",
                        "/nonexistent/events.yaml")), "no such file"),
                Arguments.of(Named.of("nodes file given as the events file", List.of("--nodes-file", NODES,
                        "--events-file", NODES)), "not an Event"),
                Arguments.of(Named.of("events file that is not YAML", List.of("--nodes-file", NODES, "--events-file",
                        garbage.toString())), "not YAML"),
                Arguments.of(Named.of("unknown output", List.of("--nodes-file", NODES, "--output", "xml")),
                        "--output must be table or json"),
                Arguments.of(Named.of("unparseable time", List.of("--nodes-file", NODES, "--at", "yesterday")),
                        "--at must be an RFC 3339 time"),
                Arguments.of(Named.of("a zero threshold", List.of("--nodes-file", NODES, "--threshold", "0")),
                        "threshold must be at least 1"),
                Arguments.of(Named.of("events without nodes", List.of("--events-file", EVENTS)),
                        "need --nodes-file"),
                Arguments.of(Named.of("unknown option", List.of("--node-file", NODES)), "unknown option"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInput")
    void refusesBadInputWithOneLine(List<String> args, String says) {
        Run run = run(args.toArray(String[]::new));
        assertEquals(Commands.USAGE, run.status(), run.err());
        assertEquals(1, run.err().lines().count(), run.err());
        assertTrue(run.err().contains(says), run.err());
        assertEquals("", run.out());
    }
}
