package io.cgroupguard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cgroupguard.probe.CgroupReading;
import io.cgroupguard.probe.CgroupVerdict;
import io.cgroupguard.probe.MemoryCgroups;
import io.cgroupguard.probe.ProbeOutcome;
import io.cgroupguard.nodestate.NodeRisk;

import java.util.ArrayList;
import java.util.List;

/** How {@code doctor} shows a reading: aligned text with what to do, or one JSON object. */
final class DoctorReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private DoctorReport() {
    }

    static String text(CgroupReading reading, CgroupVerdict verdict) {
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
        out.append('\n').append("What to do:\n");
        advice(reading, verdict).forEach(line -> out.append("  - ").append(line).append('\n'));
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

    static String json(CgroupReading reading, CgroupVerdict verdict) {
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
        return root.toPrettyString();
    }

    static String jsonFailure(String message) {
        ObjectNode root = JSON.createObjectNode();
        root.put("state", "unknown");
        root.put("reason", message);
        return root.toPrettyString();
    }

    /** What a person can do about this node, most urgent first. */
    static List<String> advice(CgroupReading reading, CgroupVerdict verdict) {
        List<String> lines = new ArrayList<>();
        if (verdict.risk() == NodeRisk.EXHAUSTED) {
            lines.add("drain this node and reboot it: only a reboot frees the memory cgroup ids dying cgroups hold");
        }
        boolean oldKernel = reading.kernel().leaksMemoryCgroupIds();
        if (verdict.risk() != NodeRisk.HEALTHY && !Boolean.FALSE.equals(reading.kmem().enabled())) {
            lines.add("boot with cgroup.memory=nokmem on the kernel command line, so removed cgroups do not stay "
                    + "pinned by kernel memory");
            lines.add("or run a runc built with the nokmem build tag (make BUILDTAGS=nokmem), so containers "
                    + "never switch kmem accounting on");
        }
        if (verdict.risk() != NodeRisk.HEALTHY && oldKernel) {
            lines.add("upgrade the kernel past 4.3 (from 4.7 on, dying memory cgroups give their id back)");
        }
        if (verdict.risk() != NodeRisk.HEALTHY && !oldKernel) {
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
