package io.cgroupguard.labeller;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A kernel release as a node reports it in {@code status.nodeInfo.kernelVersion} ({@code 3.10.0-1160.el7.x86_64},
 * {@code 4.4.0-210-generic}, {@code 5.15.0-91-generic}), reduced to what the leak depends on: major and minor.
 *
 * @param major the major version
 * @param minor the minor version
 */
public record KernelVersion(int major, int minor) {

    private static final Pattern RELEASE = Pattern.compile("^\\s*v?(\\d+)\\.(\\d+)");

    /**
     * The first release the design contract (DESIGN.md, "The problem") treats as safe: before it, rmdir of a memory
     * cgroup with kmem-charged pages leaves the memcg and its id behind, and ids are capped at 65535.
     */
    public static final KernelVersion ID_RECYCLING = new KernelVersion(4, 3);

    /** Parses a release string; empty when it does not start with {@code MAJOR.MINOR}. */
    public static Optional<KernelVersion> parse(String release) {
        if (release == null) {
            return Optional.empty();
        }
        Matcher m = RELEASE.matcher(release);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new KernelVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** True when this kernel is older than {@code other}. */
    public boolean olderThan(KernelVersion other) {
        return major != other.major ? major < other.major : minor < other.minor;
    }

    /**
     * True when memory cgroup ids leak on this kernel. Such a kernel also runs cgroup v1 for memory: the unified
     * hierarchy left development status only in 4.5, and kubelet supports cgroup v2 from kernel 5.8 on.
     */
    public boolean leaksMemoryCgroupIds() {
        return olderThan(ID_RECYCLING);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
