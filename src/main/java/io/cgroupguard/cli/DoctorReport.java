package io.cgroupguard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cgroupguard.probe.CgroupReading;
import io.cgroupguard.probe.CgroupVerdict;
import io.cgroupguard.probe.MemoryCgroups;
import io.cgroupguard.probe.ProbeOutcome;
import io.cgroupguard.nodestate.NodeRisk;
import io.cgroupguard.remedy.Fix;
import io.cgroupguard.remedy.FixPlan;

import java.util.ArrayList;
import java.util.List;

/** How {@code doctor} shows a reading: aligned text with what to do, or one JSON object. */
final class DoctorReport {

    /** Why doctor gives no rate or date: one reading has none; the agent keeps readings over time. */
    static final String FORECAST_NEEDS_AGENT = "one reading shows no leak rate: the node agent forecasts when the ids "
            + "run out from its readings over time (after cgroup-guard.agent.forecast-min-history; see its condition's "
            + "message and the node's cgroup-guard.io/exhausted-by annotation)";

    private static final ObjectMapper JSON = new ObjectMapper();

    private DoctorReport() {
    }

    static String text(CgroupReading reading, CgroupVerdict verdict, FixPlan fixes) {
        MemoryCgroups m = reading.memoryCgroups();
        StringBuilder out = new StringBuilder();
        row(out, "kernel", reading.kernel().release());
        row(out, "cgroups", reading.layout().description());
        row(out, "memory cgroups", m.live() + " live, " + m.dying() + " dying, " + m.total() + " total");
        row(out, "ids in use", m.used() + " of " + m.limit() + " (" + m.usedPercent() + "%), "
                + (reading.kernel().dyingKeepIds() ? "dying memory cgroups keep their id before 4.7"
                : "only live memory cgroups hold an id from 4.7 on"));
        row(out, "kmem accounting", reading.kmem().word() + " (" + reading.kmem().evidence() + ")");
        row(out, "mkdir probe", reading.probe().result() == ProbeOutcome.Result.NOT_RUN
                ? "not run (--probe makes and removes one memory cgroup; needs root)" : reading.probe().describe());
        row(out, "state", verdict.risk().label());
        row(out, "reason", verdict.reason());
        row(out, "fixes", fixes.summary() + " (" + fixes.reason() + ")");
        row(out, "forecast", idsLeft(m) + " ids left; " + FORECAST_NEEDS_AGENT);
        out.append('\n').append("What to do:\n");
        advice(reading, verdict, fixes).forEach(line -> out.append("  - ").append(line).append('\n'));
        return out.toString();
    }

    static String textFailure(String message) {
        StringBuilder out = new StringBuilder();
        row(out, "state", "unknown");
        row(out, "reason", message);
        out.append('\n').append("What to do:\n  - run doctor as root on the node, or point --host-root at a folder")
                .append(" holding the host's proc/ and sys/fs/cgroup/\n");
        return out.toString();
    }

    static String json(CgroupReading reading, CgroupVerdict verdict, FixPlan fixes) {
        MemoryCgroups m = reading.memoryCgroups();
        ObjectNode root = JSON.createObjectNode();
        root.put("kernel", reading.kernel().release());
        root.put("cgroupVersion", reading.layout().version());
        ObjectNode counts = root.putObject("memoryCgroups");
        counts.put("live", m.live());
        counts.put("total", m.total());
        counts.put("dying", m.dying());
        counts.put("used", m.used());
        counts.put("limit", m.limit());
        if (reading.kmem().enabled() == null) {
            root.putNull("kmemAccounting");
        } else {
            root.put("kmemAccounting", reading.kmem().enabled());
        }
        root.put("state", verdict.risk().label());
        root.put("reason", verdict.reason());
        fixes.ids().forEach(root.putArray("fixes")::add);
        ObjectNode forecast = root.putObject("forecast");
        forecast.put("idsLeft", idsLeft(m));
        forecast.putNull("idsPerHour");
        forecast.putNull("exhaustedBy");
        forecast.put("note", FORECAST_NEEDS_AGENT);
        return root.toPrettyString();
    }

    /** Ids still free: all one reading says about the future. */
    private static long idsLeft(MemoryCgroups m) {
        return Math.max(0, m.limit() - m.used());
    }

    static String jsonFailure(String message) {
        ObjectNode root = JSON.createObjectNode();
        root.put("state", "unknown");
        root.put("reason", message);
        return root.toPrettyString();
    }

    /**
     * What a person can do about this node, most urgent first: a reboot when it is exhausted, then only the fixes
     * it still needs (see {@link io.cgroupguard.remedy.FixDecision}).
     */
    static List<String> advice(CgroupReading reading, CgroupVerdict verdict, FixPlan fixes) {
        List<String> lines = new ArrayList<>();
        if (verdict.risk() == NodeRisk.EXHAUSTED) {
            lines.add("drain this node and reboot it: only a reboot frees the memory cgroup ids dying cgroups hold");
        }
        String lead = "to stop the leak, ";
        for (Fix fix : fixes.fixes()) {
            if (!fix.partial()) {
                lines.add(lead + fix.advice());
                lead = "or ";
            }
        }
        List<String> parts = fixes.fixes().stream().filter(Fix::partial).map(Fix::advice).toList();
        if (!parts.isEmpty()) {
            lines.add(lead + (parts.size() > 1 ? "both: " + String.join("; and ", parts) : parts.get(0))
                    + (fixes.fixes().contains(Fix.RUNTIME_NOKMEM) ? " (--runtime-version and --kubelet-version, "
                    + "as the node reports them, tell what they already cover)" : ""));
        }
        if (verdict.risk() != NodeRisk.HEALTHY && !reading.kernel().leaksMemoryCgroupIds()) {
            lines.add("dying memory cgroups held only by page cache are freed when it is reclaimed: "
                    + "sync; echo 1 > /proc/sys/vm/drop_caches");
        }
        if (lines.isEmpty()) {
            lines.add("nothing: there is headroom; doctor --probe proves a memory cgroup can still be made");
        }
        return lines;
    }

    private static void row(StringBuilder out, String label, String value) {
        out.append(String.format("%-17s %s%n", label, value));
    }
}
