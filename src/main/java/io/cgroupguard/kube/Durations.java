package io.cgroupguard.kube;

import java.time.Duration;

/** Durations as people write them in reasons: {@code 10m}, {@code 1h30m}, {@code 45s}. */
public final class Durations {

    private Durations() {
    }

    public static String human(Duration d) {
        long seconds = Math.max(0, d.getSeconds());
        long h = seconds / 3600;
        long m = seconds % 3600 / 60;
        long s = seconds % 60;
        StringBuilder out = new StringBuilder();
        if (h > 0) {
            out.append(h).append('h');
        }
        if (m > 0) {
            out.append(m).append('m');
        }
        if (s > 0 || out.length() == 0) {
            out.append(s).append('s');
        }
        return out.toString();
    }
}
