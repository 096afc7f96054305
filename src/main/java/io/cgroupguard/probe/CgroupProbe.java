package io.cgroupguard.probe;

import io.cgroupguard.nodestate.KernelVersion;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Reads a node's memory cgroup state from a root folder: {@code /} on the node itself, or where a DaemonSet
 * mounts the host's {@code /proc} and {@code /sys} (its {@code --host-root}). Plain Java, shared by
 * {@code doctor} and the agent.
 */
public final class CgroupProbe {

    private final Path hostRoot;

    public CgroupProbe(Path hostRoot) {
        this.hostRoot = hostRoot;
    }

    /**
     * @param mkdirProbe also make and remove one memory cgroup (needs write access to the hierarchy)
     * @throws CgroupReadException when a file the reading needs cannot be read or makes no sense
     */
    public CgroupReading read(boolean mkdirProbe) throws CgroupReadException {
        Path osrelease = hostRoot.resolve("proc/sys/kernel/osrelease");
        KernelVersion kernel;
        try {
            kernel = KernelVersion.require(HostFiles.read(osrelease));
        } catch (IllegalArgumentException e) {
            throw new CgroupReadException(osrelease + ": " + e.getMessage());
        }
        MemoryHierarchy hierarchy = MemoryHierarchy.locate(hostRoot);
        MemoryCgroups counts = count(kernel, hierarchy);
        KmemAccounting kmem = KmemDetector.detect(HostFiles.read(hostRoot.resolve("proc/cmdline")), kernel,
                hierarchy);
        ProbeOutcome probe = mkdirProbe ? MkdirProbe.run(hierarchy.root()) : ProbeOutcome.NOT_RUN;
        return new CgroupReading(kernel, hierarchy.layout(), counts, kmem, probe);
    }

    private MemoryCgroups count(KernelVersion kernel, MemoryHierarchy hierarchy) throws CgroupReadException {
        if (hierarchy.layout() == CgroupLayout.V2) {
            CgroupStat stat = CgroupStat.parse(HostFiles.read(hierarchy.root().resolve("cgroup.stat")));
            return MemoryCgroups.ofDying(kernel, stat.liveMemory(), stat.dyingMemory());
        }
        // Read the kernel's total before walking: a cgroup made during the walk can then only raise live,
        // which errs towards fewer dying, never towards a false alarm.
        OptionalLong total = ProcCgroups.memoryCgroups(HostFiles.read(hostRoot.resolve("proc/cgroups")));
        if (total.isEmpty()) {
            throw new CgroupReadException(hostRoot.resolve("proc/cgroups")
                    + " has no memory line, but memory is mounted as cgroup v1");
        }
        return MemoryCgroups.of(kernel, hierarchy.countLiveV1(), total.getAsLong());
    }
}
