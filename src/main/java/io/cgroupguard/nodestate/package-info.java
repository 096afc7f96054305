/**
 * What the guard knows of a node, and the node contract every part shares: the labels and annotations
 * ({@link io.cgroupguard.nodestate.GuardKeys}), the {@code CgroupExhausted} condition's type and reasons
 * ({@link io.cgroupguard.nodestate.CgroupExhaustedCondition}) and the kernel rule
 * ({@link io.cgroupguard.nodestate.KernelVersion}). The contract lives here because the agent, the labeller,
 * the admission webhook and the CLI all already depend on this package and on nothing of each other: a type
 * here is imported by producer and consumer alike, with no arrow between them.
 */
package io.cgroupguard.nodestate;
