package io.cgroupguard.probe;

import io.cgroupguard.nodestate.KernelVersion;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;

/**
 * Decides whether kernel memory is accounted to memory cgroups, from the kernel command line, the kernel
 * version and, on old kernels, the kmem files of kubelet's pod cgroups.
 */
final class KmemDetector {

    /** Kubelet's pod cgroup roots: the cgroupfs driver's and the systemd driver's. */
    private static final List<String> KUBEPODS = List.of("kubepods", "kubepods.slice");
    /** Pod cgroups are at most kubepods/QoS/pod/container deep, and a few hundred are evidence enough. */
    private static final int MAX_DEPTH = 3;
    private static final int MAX_DIRECTORIES = 200;
    /** A kmem limit below this was set by someone; "unlimited" reads as about 2^63 on 64-bit kernels. */
    private static final long UNLIMITED = 1L << 60;

    private KmemDetector() {
    }

    static KmemAccounting detect(String cmdline, KernelVersion kernel, MemoryHierarchy hierarchy) {
        if (hasNoKmem(cmdline)) {
            return KmemAccounting.off("cgroup.memory=nokmem is on the kernel command line");
        }
        if (hierarchy.layout() == CgroupLayout.V2) {
            return KmemAccounting.on("cgroup v2 always accounts kernel memory");
        }
        // Since 4.6 the legacy hierarchy accounts kmem in every memory cgroup, limit or not.
        if (!kernel.before(4, 6)) {
            return KmemAccounting.on("kernel " + kernel.major() + "." + kernel.minor()
                    + " accounts kernel memory in every memory cgroup by default");
        }
        return podCgroupEvidence(hierarchy.root())
                .map(KmemAccounting::on)
                .orElse(KmemAccounting.unknown("no kmem charge or limit found under kubepods"));
    }

    /** {@code cgroup.memory=} takes a comma list ({@code nosocket,nokmem}). */
    static boolean hasNoKmem(String cmdline) {
        for (String word : cmdline.trim().split("\\s+")) {
            if (word.startsWith("cgroup.memory=")) {
                for (String option : word.substring("cgroup.memory=".length()).split(",")) {
                    if (option.equals("nokmem")) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Before 4.6 a v1 memcg accounts kmem only once a kmem limit was written to it. runc writes one and then
     * "unlimited" to switch accounting on, so the limit often reads unlimited while kmem is charged: a charge
     * ({@code memory.kmem.usage_in_bytes} above 0) counts as evidence as much as a limit does.
     */
    private static Optional<String> podCgroupEvidence(Path memoryRoot) {
        ArrayDeque<Path> pending = new ArrayDeque<>();
        ArrayDeque<Integer> depths = new ArrayDeque<>();
        for (String name : KUBEPODS) {
            Path dir = memoryRoot.resolve(name);
            if (Files.isDirectory(dir)) {
                pending.add(dir);
                depths.add(0);
            }
        }
        int visited = 0;
        while (!pending.isEmpty() && visited++ < MAX_DIRECTORIES) {
            Path dir = pending.poll();
            int depth = depths.poll();
            long usage = number(dir.resolve("memory.kmem.usage_in_bytes"));
            if (usage > 0) {
                return Optional.of("memory.kmem.usage_in_bytes is " + usage + " in " + memoryRoot.relativize(dir));
            }
            long limit = number(dir.resolve("memory.kmem.limit_in_bytes"));
            if (limit >= 0 && limit < UNLIMITED) {
                return Optional.of("memory.kmem.limit_in_bytes is " + limit + " in " + memoryRoot.relativize(dir));
            }
            if (depth < MAX_DEPTH) {
                try (DirectoryStream<Path> children = Files.newDirectoryStream(dir, Files::isDirectory)) {
                    for (Path child : children) {
                        pending.add(child);
                        depths.add(depth + 1);
                    }
                } catch (IOException e) {
                    // A pod cgroup removed while we look is no evidence either way.
                }
            }
        }
        return Optional.empty();
    }

    /** The file's number, or -1 when it is missing or unreadable. */
    private static long number(Path file) {
        try {
            return Long.parseLong(Files.readString(file).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
