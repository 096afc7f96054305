package io.cgroupguard.remedy;

import io.cgroupguard.nodestate.KernelVersion;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;

/**
 * Decides which fixes a node still needs: a pure function of {@link NodeSoftware}.
 *
 * <ol>
 *   <li>a kernel of 4.3 or later does not leak: nothing to do;</li>
 *   <li>kmem accounting read as off (the agent reads off only with {@code cgroup.memory=nokmem} on the command
 *       line): nothing is charged, nothing pinned, nothing to do;</li>
 *   <li>otherwise a kernel upgrade or {@code cgroup.memory=nokmem} each stop the leak alone, or both the
 *       runtime and the kubelet must stop switching kmem on: the runtime's part is done when its version shows
 *       it (Docker 18.09.1 or later), the kubelet's never shows in its version (a build tag), so it stays listed:
 *       {@code kubelet-nokmem} from 1.14 on, {@code kubelet-patched} before.</li>
 * </ol>
 * A kmem reading of on or unknown proves nothing done: the plan then lists what the versions leave open.
 */
public final class FixDecision {

    /** Kubelet 1.14 is the first whose vendored runc honours the {@code nokmem} build tag (see {@link Fix}). */
    static final int KUBELET_NOKMEM_MINOR = 14;

    private FixDecision() {
    }

    public static FixPlan decide(NodeSoftware node) {
        if (node.kernel().isEmpty()) {
            return FixPlan.unknown("the node reports no kernel version");
        }
        KernelVersion kernel = node.kernel().get();
        if (!kernel.leaksMemoryCgroupIds()) {
            return FixPlan.none("kernel " + kernel + " does not leak memory cgroups");
        }
        if (node.kmem() == KmemReport.OFF) {
            return FixPlan.none("kernel " + kernel + " leaks only kmem-charged memory cgroups, and kmem accounting "
                    + "is off");
        }
        List<Fix> fixes = new ArrayList<>(List.of(Fix.KERNEL_UPGRADE, Fix.BOOT_NOKMEM));
        StringBuilder reason = new StringBuilder("kernel " + kernel + " leaks memory cgroups while kmem accounting "
                + "is on (" + kmemWords(node.kmem()) + ")");
        boolean runtimeDone = node.runtime().map(RuntimeVersion::leavesKmemOff).orElse(false);
        if (runtimeDone) {
            reason.append("; ").append(node.runtime().get().text()).append(" already leaves kmem off");
        } else {
            fixes.add(Fix.RUNTIME_NOKMEM);
        }
        OptionalInt kubeletMinor = node.kubeletMinor();
        if (kubeletMinor.isPresent() && kubeletMinor.getAsInt() < KUBELET_NOKMEM_MINOR) {
            fixes.add(Fix.KUBELET_PATCHED);
            reason.append("; kubelet ").append(node.kubelet().get()).append(" is older than 1.14");
        } else {
            fixes.add(Fix.KUBELET_NOKMEM);
        }
        return new FixPlan(true, fixes, reason.toString());
    }

    private static String kmemWords(KmemReport kmem) {
        return switch (kmem) {
            case ON -> "read as on";
            case UNKNOWN -> "no kmem charge found, which does not prove it off";
            case NOT_REPORTED, OFF -> "no reading says it is off";
        };
    }
}
