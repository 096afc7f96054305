package io.cgroupguard.config;

/**
 * What the guard does when a pod would land on an exhausted node. Start with {@code warn} or {@code audit} to
 * see what it would do before it does it.
 */
public enum Enforcement {
    /** Deny pinned pods and bindings; add the affinity. */
    ENFORCE,
    /** Allow, with an admission warning that kubectl prints; no affinity is added. */
    WARN,
    /** Allow silently; the decision is only logged and counted. */
    AUDIT
}
