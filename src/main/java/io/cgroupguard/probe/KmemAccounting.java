package io.cgroupguard.probe;

/**
 * Whether the kernel charges kernel memory (slab, stacks) to memory cgroups. It matters because charged slab
 * objects keep a removed memcg alive, and on kernels before 4.3 those dying memcgs are never freed.
 *
 * @param enabled  true, false, or null when the evidence does not say
 * @param evidence what the answer rests on, for people
 */
public record KmemAccounting(Boolean enabled, String evidence) {

    public static KmemAccounting on(String evidence) {
        return new KmemAccounting(Boolean.TRUE, evidence);
    }

    public static KmemAccounting off(String evidence) {
        return new KmemAccounting(Boolean.FALSE, evidence);
    }

    public static KmemAccounting unknown(String evidence) {
        return new KmemAccounting(null, evidence);
    }

    public boolean isOn() {
        return Boolean.TRUE.equals(enabled);
    }

    /** {@code on}, {@code off} or {@code unknown}. */
    public String word() {
        return enabled == null ? "unknown" : enabled ? "on" : "off";
    }
}
