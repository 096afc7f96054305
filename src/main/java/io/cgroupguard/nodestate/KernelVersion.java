package io.cgroupguard.nodestate;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A kernel release ({@code uname -r}, or a node's {@code status.nodeInfo.kernelVersion}: {@code 3.10.0-1160.el7.x86_64},
 * {@code 5.15.0-91-generic}) with the major and minor numbers the memory cgroup rules depend on. One type for the
 * agent, {@code doctor} and the labeller, so "which kernels leak" is decided in one place.
 *
 * @param release the release string as read, trimmed
 * @param major   the major version
 * @param minor   the minor version
 */
public record KernelVersion(String release, int major, int minor) {

    private static final Pattern VERSION = Pattern.compile("^v?(\\d+)\\.(\\d+)");

    /**
     * The first release docs/design.md ("The problem") treats as safe: before 4.3, rmdir of a memory cgroup with
     * kmem-charged pages leaves the memcg and its id behind, and ids are capped at 65535 (MEM_CGROUP_ID_MAX).
     */
    public static final String LEAK_FIXED = "4.3";

    /** Parses a release string; empty when it does not start with {@code MAJOR.MINOR} (a {@code v} prefix allowed). */
    public static Optional<KernelVersion> parse(String release) {
        if (release == null) {
            return Optional.empty();
        }
        String trimmed = release.trim();
        Matcher m = VERSION.matcher(trimmed);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new KernelVersion(trimmed, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Parses a release string that must be one, such as the running kernel's {@code osrelease}.
     *
     * @throws IllegalArgumentException when the string does not start with {@code MAJOR.MINOR}
     */
    public static KernelVersion require(String release) {
        return parse(release).orElseThrow(() -> new IllegalArgumentException(
                "kernel release '" + release.trim() + "' does not start with MAJOR.MINOR"));
    }

    /** True when this kernel is older than {@code major.minor}. */
    public boolean before(int major, int minor) {
        return this.major < major || (this.major == major && this.minor < minor);
    }

    /**
     * True when memory cgroup ids leak on this kernel (before {@value #LEAK_FIXED}). Such a kernel also runs
     * cgroup v1 for memory: the unified hierarchy left development status only in 4.5, and kubelet supports
     * cgroup v2 from kernel 5.8 on.
     */
    public boolean leaksMemoryCgroupIds() {
        return before(4, 3);
    }

    /**
     * True when a dying memcg keeps its id until it is freed: before 4.7 the id is released only then; from 4.7
     * on it is released at offline (commit 73f576c04b94, "mm: memcontrol: fix cgroup creation failure after many
     * small jobs").
     */
    public boolean dyingKeepIds() {
        return before(4, 7);
    }

    @Override
    public String toString() {
        return release;
    }
}
