package io.cgroupguard.remedy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * How many nodes of a fleet need which fix: the summary under the {@code nodes} table.
 *
 * @param nodes    nodes counted
 * @param fine     nodes that need nothing
 * @param unknown  nodes whose facts do not say
 * @param leaking  nodes that still need something
 * @param byFix    for each fix, how many nodes need it (fixes no node needs are absent)
 */
public record FleetFixes(int nodes, int fine, int unknown, int leaking, Map<Fix, Integer> byFix) {

    public static FleetFixes of(Collection<FixPlan> plans) {
        Map<Fix, Integer> byFix = new EnumMap<>(Fix.class);
        int fine = 0;
        int unknown = 0;
        int leaking = 0;
        for (FixPlan plan : plans) {
            if (!plan.known()) {
                unknown++;
            } else if (plan.needed()) {
                leaking++;
                plan.fixes().forEach(f -> byFix.merge(f, 1, Integer::sum));
            } else {
                fine++;
            }
        }
        return new FleetFixes(plans.size(), fine, unknown, leaking, byFix);
    }

    /** For people: a headline, then one line per fix with its count and what to do. */
    public List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add("fixes: " + leaking + " of " + nodes + " nodes still leak memory cgroups, " + fine
                + " need no fix, " + unknown + " unknown");
        if (leaking > 0) {
            lines.add("  any one of kernel-upgrade, boot-nokmem, or the runtime and kubelet fixes together stops it:");
        }
        int width = byFix.keySet().stream().mapToInt(f -> f.id().length()).max().orElse(0);
        byFix.forEach((fix, count) -> lines.add(String.format("  %-" + width + "s  %d node%s: %s", fix.id(), count,
                count == 1 ? "" : "s", fix.advice())));
        return lines;
    }
}
