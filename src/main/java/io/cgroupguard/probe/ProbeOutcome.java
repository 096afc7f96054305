package io.cgroupguard.probe;

/**
 * What happened when the probe tried to make (and remove) one memory cgroup.
 *
 * @param result what it proved
 * @param detail the error the kernel gave, for people; empty unless {@link Result#FAILED}
 */
public record ProbeOutcome(Result result, String detail) {

    /** The probe's possible results. */
    public enum Result {
        /** Not asked for (it needs write access to the hierarchy). */
        NOT_RUN,
        /** A memory cgroup was made and removed: the kernel still hands out ids. */
        CREATED,
        /** mkdir failed with ENOSPC: the kernel has no memory cgroup id left. This is proof. */
        NO_SPACE,
        /** mkdir failed for another reason (read-only mount, no permission): it proves nothing. */
        FAILED
    }

    public static final ProbeOutcome NOT_RUN = new ProbeOutcome(Result.NOT_RUN, "");
    public static final ProbeOutcome CREATED = new ProbeOutcome(Result.CREATED, "");
    public static final ProbeOutcome NO_SPACE = new ProbeOutcome(Result.NO_SPACE, "");

    public static ProbeOutcome failed(String detail) {
        return new ProbeOutcome(Result.FAILED, detail);
    }

    /** For people: one short phrase. */
    public String describe() {
        return switch (result) {
            case NOT_RUN -> "not run";
            case CREATED -> "made and removed a memory cgroup";
            case NO_SPACE -> "mkdir failed with ENOSPC (no memory cgroup id left)";
            case FAILED -> "could not run: " + detail;
        };
    }
}
