package io.cgroupguard.cli;

import io.cgroupguard.labeller.ClusterEvaluation;
import io.cgroupguard.labeller.KubeletEvents;
import io.cgroupguard.labeller.LabellerSettings;
import io.cgroupguard.labeller.NodeFacts;
import io.cgroupguard.nodestate.ClusterDetector;
import io.cgroupguard.remedy.FixDecision;
import io.cgroupguard.remedy.FixPlan;
import io.cgroupguard.remedy.NodeSoftware;
import io.cgroupguard.snapshot.ListFileException;
import io.cgroupguard.snapshot.ListFileReader;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.Set;

/**
 * {@code nodes}: the node report, one line per node with its state, override, since, remaining fixes and reason,
 * and how many nodes need which fix. Against the cluster it shows the labels as the labeller wrote them; offline,
 * from a node list and an event list, it shows what the labeller would decide, through the same
 * {@link ClusterEvaluation}, and writes nothing.
 */
public final class NodesCommand implements Command {

    private static final String USAGE_LINE = "usage: nodes [--nodes-file NODES [--events-file EVENTS] [--at TIME] "
            + "[--threshold N] [--window 10m] [--quiet-period 30m]] [--output table|json]";

    @Override
    public String name() {
        return "nodes";
    }

    @Override
    public String summary() {
        return "node report from the cluster, or offline: nodes --nodes-file NODES --events-file EVENTS";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        Arguments parsed;
        try {
            parsed = Arguments.parse(args, Set.of("nodes-file", "events-file", "output", "at", "threshold",
                    "window", "quiet-period"), Set.of());
        } catch (IllegalArgumentException e) {
            err.println("nodes: " + e.getMessage());
            return Commands.USAGE;
        }
        if (!parsed.operands().isEmpty()) {
            err.println(USAGE_LINE);
            return Commands.USAGE;
        }
        try {
            String output = parsed.option("output").orElse("table");
            if (!output.equals("table") && !output.equals("json")) {
                throw new IllegalArgumentException("--output must be table or json, not '" + output + "'");
            }
            List<NodeReport.Row> rows = parsed.option("nodes-file").isPresent() ? offline(parsed, err) : live(parsed);
            if (output.equals("json")) {
                NodeReport.json(rows, out);
            } else {
                NodeReport.table(rows, out);
            }
            return 0;
        } catch (IllegalArgumentException | ListFileException e) {
            err.println("nodes: " + e.getMessage());
            return Commands.USAGE;
        } catch (KubernetesClientException e) {
            err.println("nodes: cannot list nodes: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("nodes: cannot write the report: " + e.getMessage());
            return 1;
        }
    }

    private static List<NodeReport.Row> offline(Arguments parsed, PrintStream err)
            throws ListFileException {
        List<Node> nodes = ListFileReader.nodes().read(Path.of(parsed.option("nodes-file").get()));
        List<Event> events = parsed.option("events-file").isPresent()
                ? ListFileReader.events().read(Path.of(parsed.option("events-file").get())) : List.of();
        LabellerSettings defaults = LabellerSettings.defaults();
        LabellerSettings settings = new LabellerSettings(
                parsed.option("threshold").map(NodesCommand::count).orElse(defaults.threshold()),
                parsed.option("window").map(NodesCommand::duration).orElse(defaults.window()),
                parsed.option("quiet-period").map(NodesCommand::duration).orElse(defaults.quietPeriod()));
        Instant at = parsed.option("at").map(NodesCommand::instant).orElseGet(Instant::now);
        ClusterEvaluation evaluation = ClusterEvaluation.of(nodes, events, settings);
        Optional<Instant> newest = events.stream().filter(KubeletEvents::watched).map(KubeletEvents::lastSeen)
                .flatMap(Optional::stream).max(Comparator.naturalOrder());
        if (newest.isPresent() && newest.get().plus(settings.window()).isBefore(at)) {
            err.println("note: the newest kubelet warning (" + newest.get() + ") is older than the "
                    + settings.window().toMinutes() + "m window at " + at + "; add --at TIME to evaluate as of the "
                    + "snapshot");
        }
        if (evaluation.unattributedCount() > 0) {
            err.println("note: " + evaluation.unattributedCount() + " cgroup-failure events name no node "
                    + "(no source.host or reportingInstance) and were not counted");
        }
        Map<String, FixPlan> fixes = fixes(nodes);
        return evaluation.decideAll(at).stream().map(d -> NodeReport.Row.of(d, fixes.get(d.node()))).toList();
    }

    private static List<NodeReport.Row> live(Arguments parsed) {
        if (parsed.option("events-file").isPresent() || parsed.option("at").isPresent()) {
            throw new IllegalArgumentException("--events-file and --at need --nodes-file");
        }
        if (ClusterDetector.find(Optional.empty()).isEmpty()) {
            throw new IllegalArgumentException("no cluster configuration found (in-cluster service account, "
                    + "KUBECONFIG or ~/.kube/config); for a snapshot use --nodes-file F --events-file E");
        }
        try (KubernetesClient client = new KubernetesClientBuilder().build()) {
            List<Node> nodes = client.nodes().list().getItems();
            Map<String, FixPlan> fixes = fixes(nodes);
            return nodes.stream()
                    .map(NodeFacts::of)
                    .sorted(Comparator.comparing(NodeFacts::name))
                    .map(f -> NodeReport.Row.of(f, fixes.get(f.name())))
                    .toList();
        }
    }

    /** Each node's remaining fixes, by name: from its nodeInfo and its agent's kmem reading. */
    private static Map<String, FixPlan> fixes(List<Node> nodes) {
        return nodes.stream().collect(Collectors.toMap(n -> n.getMetadata().getName(),
                n -> FixDecision.decide(NodeSoftware.of(n)), (a, b) -> a));
    }

    private static int count(String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--threshold must be a whole number, not '" + value + "'");
        }
    }

    /** {@code 90s}, {@code 10m}, {@code 2h}, or ISO-8601 ({@code PT10M}). */
    static Duration duration(String value) {
        try {
            if (value.matches("\\d+[smh]")) {
                long n = Long.parseLong(value.substring(0, value.length() - 1));
                return switch (value.charAt(value.length() - 1)) {
                    case 's' -> Duration.ofSeconds(n);
                    case 'm' -> Duration.ofMinutes(n);
                    default -> Duration.ofHours(n);
                };
            }
            return Duration.parse(value);
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a duration (use 90s, 10m, 2h)");
        }
    }

    private static Instant instant(String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("--at must be an RFC 3339 time such as 2019-06-04T10:15:00Z, not '"
                    + value + "'");
        }
    }
}
