package io.cgroupguard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cgroupguard.labeller.Decision;
import io.cgroupguard.labeller.LabelDecider;
import io.cgroupguard.labeller.NodeFacts;
import io.cgroupguard.nodestate.NodeRisk;
import io.cgroupguard.remedy.FixPlan;
import io.cgroupguard.remedy.FleetFixes;

import java.io.PrintStream;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * The {@code nodes} report: one row per node, printed as an aligned table with the fleet's fixes under it, or a
 * JSON array.
 */
final class NodeReport {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * One node's line; {@code fixes} is what the node still needs against the leak (see {@link FixPlan}),
     * {@code exhaustedBy} when the agent forecasts its ids run out (the {@code exhausted-by} annotation).
     */
    record Row(String node, NodeRisk state, Optional<NodeRisk> override, Optional<Instant> since, String reason,
               FixPlan fixes, Optional<String> exhaustedBy) {

        static Row of(Decision d, FixPlan fixes) {
            return new Row(d.node(), d.state(), d.override(), d.since(), d.reason(), fixes,
                    d.exhaustedBy().map(NodeReport::time));
        }

        /** The node as labelled now, for the report on a live cluster. */
        static Row of(NodeFacts f, FixPlan fixes) {
            String unexplained = f.override().map(o -> LabelDecider.OVERRIDDEN + o.label())
                    .orElse(f.stateLabel().isPresent() ? "" : "not labelled by cgroup-guard");
            return new Row(f.name(), f.override().orElse(f.labelled()), f.override(), f.since(),
                    f.reason().orElse(unexplained), fixes, f.exhaustedBy());
        }
    }

    private NodeReport() {
    }

    static void table(List<Row> rows, PrintStream out) {
        String[][] cells = new String[rows.size() + 1][];
        cells[0] = new String[] {"NODE", "STATE", "OVERRIDE", "SINCE", "EXHAUSTED-BY", "FIXES", "REASON"};
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            cells[i + 1] = new String[] {r.node(), r.state().label(), r.override().map(NodeRisk::label).orElse("-"),
                    r.since().map(NodeReport::time).orElse("-"), r.exhaustedBy().orElse("-"), r.fixes().summary(),
                    r.reason().isEmpty() ? "-" : r.reason()};
        }
        int[] width = new int[6];
        for (String[] row : cells) {
            for (int c = 0; c < width.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        for (String[] row : cells) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < width.length; c++) {
                line.append(row[c]).append(" ".repeat(width[c] - row[c].length() + 2));
            }
            out.println(line.append(row[6]));
        }
        out.println();
        FleetFixes.of(rows.stream().map(Row::fixes).toList()).lines().forEach(out::println);
    }

    static void json(List<Row> rows, PrintStream out) throws java.io.IOException {
        ArrayNode array = JSON.createArrayNode();
        for (Row r : rows) {
            ObjectNode o = array.addObject();
            o.put("node", r.node());
            o.put("state", r.state().label());
            o.put("override", r.override().map(NodeRisk::label).orElse(null));
            o.put("since", r.since().map(NodeReport::time).orElse(null));
            o.put("reason", r.reason());
            o.put("exhaustedBy", r.exhaustedBy().orElse(null));
            if (r.fixes().known()) {
                r.fixes().ids().forEach(o.putArray("fixes")::add);
            } else {
                o.putNull("fixes");
            }
        }
        out.println(JSON.writeValueAsString(array));
    }

    private static String time(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
