package io.cgroupguard.remedy;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The fixes one node still needs, and why.
 *
 * @param known  false when the node's facts do not say (no kernel version): then {@code fixes} is empty too
 * @param fixes  what is still needed, in the order a person would try them: {@link Fix#KERNEL_UPGRADE} or
 *               {@link Fix#BOOT_NOKMEM} each suffice alone, the runtime and kubelet fixes only together
 * @param reason one sentence with the facts the plan rests on
 */
public record FixPlan(boolean known, List<Fix> fixes, String reason) {

    public FixPlan {
        fixes = List.copyOf(fixes);
    }

    static FixPlan unknown(String reason) {
        return new FixPlan(false, List.of(), reason);
    }

    static FixPlan none(String reason) {
        return new FixPlan(true, List.of(), reason);
    }

    /** True when the node leaks and something is still to do. */
    public boolean needed() {
        return !fixes.isEmpty();
    }

    /** The fix ids in order, for JSON: {@code ["kernel-upgrade", "boot-nokmem", ...]}. */
    public List<String> ids() {
        return fixes.stream().map(Fix::id).toList();
    }

    /**
     * For a table cell: the alternatives separated by {@code |}, the parts that only work together joined by
     * {@code +} ({@code kernel-upgrade | boot-nokmem | runtime-nokmem+kubelet-nokmem}); {@code -} when nothing is
     * needed, {@code unknown} when the facts do not say.
     */
    public String summary() {
        if (!known) {
            return "unknown";
        }
        if (fixes.isEmpty()) {
            return "-";
        }
        String alone = fixes.stream().filter(f -> !f.partial()).map(Fix::id).collect(Collectors.joining(" | "));
        String together = fixes.stream().filter(Fix::partial).map(Fix::id).collect(Collectors.joining("+"));
        return together.isEmpty() ? alone : alone + " | " + together;
    }
}
