package io.cgroupguard.probe;

import io.cgroupguard.nodestate.KernelVersion;

/**
 * How many memory cgroups a node has and how many of the kernel's memory cgroup ids they hold.
 *
 * @param live  memory cgroups that exist as directories
 * @param total memory cgroups the kernel still keeps, dying ones included ({@code /proc/cgroups} num_cgroups)
 * @param dying removed but not yet freed ("zombie") memory cgroups
 * @param used  memory cgroup ids in use by the kernel's rules (see {@link #idsHeld})
 * @param limit the most ids the kernel hands out
 */
public record MemoryCgroups(long live, long total, long dying, long used, long limit) {

    /**
     * MEM_CGROUP_ID_MAX in include/linux/memcontrol.h: ids are an unsigned short, so 65535 memory cgroups at
     * most, live and (on older kernels) dying together.
     */
    public static final long ID_LIMIT = 65535;

    /**
     * Counts ids as the running kernel does. Before 4.7 a dying memcg keeps its id until it is freed; from 4.7
     * on the id is released when the cgroup goes offline (commit 73f576c04b94, "mm: memcontrol: fix cgroup
     * creation failure after many small jobs"), so only live memcgs hold one.
     */
    public static long idsHeld(KernelVersion kernel, long live, long total) {
        return kernel.dyingKeepIds() ? total : live;
    }

    /** From a live count and the kernel's total, dying being the difference. */
    public static MemoryCgroups of(KernelVersion kernel, long live, long total) {
        long dying = Math.max(0, total - live);
        return new MemoryCgroups(live, Math.max(total, live), dying, idsHeld(kernel, live, Math.max(total, live)),
                ID_LIMIT);
    }

    /** From live and dying counts (cgroup v2's {@code cgroup.stat}), total being their sum. */
    public static MemoryCgroups ofDying(KernelVersion kernel, long live, long dying) {
        long total = live + dying;
        return new MemoryCgroups(live, total, dying, idsHeld(kernel, live, total), ID_LIMIT);
    }

    /** Ids in use as a percentage of the limit, one decimal. */
    public double usedPercent() {
        return Math.floor(used * 1000.0 / limit) / 10.0;
    }
}
