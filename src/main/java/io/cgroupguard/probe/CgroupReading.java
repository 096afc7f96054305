package io.cgroupguard.probe;

import io.cgroupguard.nodestate.KernelVersion;

/**
 * One reading of a node's memory cgroup state: what {@code doctor} prints and what the agent publishes.
 *
 * @param kernel        the running kernel
 * @param layout        how cgroups are mounted
 * @param memoryCgroups counts and ids
 * @param kmem          whether kernel memory is accounted to memory cgroups
 * @param probe         the result of the optional mkdir probe
 */
public record CgroupReading(KernelVersion kernel, CgroupLayout layout, MemoryCgroups memoryCgroups,
                            KmemAccounting kmem, ProbeOutcome probe) {
}
