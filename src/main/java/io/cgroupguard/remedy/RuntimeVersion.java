package io.cgroupguard.remedy;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node's {@code status.nodeInfo.containerRuntimeVersion}: {@code docker://18.6.1}, {@code docker://18.09.1},
 * {@code containerd://1.2.6}, {@code cri-o://1.14.0}. Kubelet may print Docker's version with or without the
 * leading zero of the month ({@code 18.6.1} and {@code 18.06.1-ce} are one release).
 *
 * @param runtime the scheme: {@code docker}, {@code containerd}, {@code cri-o}, or whatever the node says
 * @param major   first number, -1 when the version does not parse
 * @param minor   second number, -1 when the version does not parse
 * @param patch   third number, 0 when absent, -1 when the version does not parse
 * @param text    the value as written
 */
public record RuntimeVersion(String runtime, int major, int minor, int patch, String text) {

    private static final Pattern VALUE = Pattern.compile("^([a-zA-Z0-9.-]+)://v?(\\d+)\\.(\\d+)(?:\\.(\\d+))?");

    /** Parses the value; empty for a blank one, a runtime with version -1.-1 when only the scheme is readable. */
    public static Optional<RuntimeVersion> parse(String value) {
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        String trimmed = value.trim();
        Matcher m = VALUE.matcher(trimmed);
        if (!m.find()) {
            int scheme = trimmed.indexOf("://");
            return Optional.of(new RuntimeVersion(scheme > 0 ? trimmed.substring(0, scheme) : trimmed, -1, -1, -1,
                    trimmed));
        }
        try {
            return Optional.of(new RuntimeVersion(m.group(1), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), m.group(4) == null ? 0 : Integer.parseInt(m.group(4)), trimmed));
        } catch (NumberFormatException e) {
            return Optional.of(new RuntimeVersion(m.group(1), -1, -1, -1, trimmed));
        }
    }

    /**
     * True when the version alone shows the runtime leaves kmem accounting off: Docker 18.09.1 or later, whose
     * runc is built with {@code nokmem} for RHEL 7 kernels, the only ones that leak (see {@link Fix#RUNTIME_NOKMEM}).
     * containerd's and CRI-O's versions say nothing of how the runc beside them was built, so for them this is
     * false and the agent's kmem reading is what can show the runtime's part is done.
     */
    public boolean leavesKmemOff() {
        return runtime.equals("docker") && atLeast(18, 9, 1);
    }

    private boolean atLeast(int ma, int mi, int pa) {
        if (major != ma) {
            return major > ma;
        }
        if (minor != mi) {
            return minor > mi;
        }
        return patch >= pa;
    }
}
