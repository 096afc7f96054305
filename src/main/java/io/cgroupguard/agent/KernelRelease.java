package io.cgroupguard.agent;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A kernel release string ({@code uname -r}, e.g. {@code 3.10.0-1160.el7.x86_64}) with the major and minor
 * numbers the memory cgroup rules depend on.
 */
public record KernelRelease(String release, int major, int minor) {

    private static final Pattern VERSION = Pattern.compile("^(\\d+)\\.(\\d+)");

    /**
     * @throws IllegalArgumentException when the string does not start with {@code MAJOR.MINOR}
     */
    public static KernelRelease parse(String release) {
        String trimmed = release.trim();
        Matcher m = VERSION.matcher(trimmed);
        if (!m.find()) {
            throw new IllegalArgumentException("kernel release '" + trimmed + "' does not start with MAJOR.MINOR");
        }
        return new KernelRelease(trimmed, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /** True when this kernel is older than {@code major.minor}. */
    public boolean before(int major, int minor) {
        return this.major < major || (this.major == major && this.minor < minor);
    }

    @Override
    public String toString() {
        return release;
    }
}
