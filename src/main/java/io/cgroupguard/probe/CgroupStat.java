package io.cgroupguard.probe;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * A cgroup v2 {@code cgroup.stat} file: {@code nr_descendants}, {@code nr_dying_descendants} and, from Linux
 * 6.11 on, per-controller {@code nr_subsys_memory} / {@code nr_dying_subsys_memory}.
 */
final class CgroupStat {

    private final Map<String, Long> values;

    private CgroupStat(Map<String, Long> values) {
        this.values = values;
    }

    static CgroupStat parse(String content) throws CgroupReadException {
        Map<String, Long> values = new HashMap<>();
        for (String line : content.split("\n")) {
            String[] kv = line.trim().split("\\s+");
            if (kv.length != 2) {
                continue;
            }
            try {
                values.put(kv[0], Long.parseLong(kv[1]));
            } catch (NumberFormatException e) {
                throw new CgroupReadException("cgroup.stat: " + kv[0] + " '" + kv[1] + "' is not a number");
            }
        }
        if (!values.containsKey("nr_descendants") || !values.containsKey("nr_dying_descendants")) {
            throw new CgroupReadException("cgroup.stat has no nr_descendants / nr_dying_descendants");
        }
        return new CgroupStat(values);
    }

    /**
     * Live memory cgroups, the root included. {@code nr_subsys_memory} counts exactly those with the memory
     * controller; older kernels only have {@code nr_descendants}, which counts every cgroup.
     */
    long liveMemory() {
        return value("nr_subsys_memory").orElse(values.get("nr_descendants") + 1);
    }

    /** Dying memory cgroups; {@code nr_dying_descendants} on kernels without per-controller counts. */
    long dyingMemory() {
        return value("nr_dying_subsys_memory").orElse(values.get("nr_dying_descendants"));
    }

    private OptionalLong value(String key) {
        Long v = values.get(key);
        return v == null ? OptionalLong.empty() : OptionalLong.of(v);
    }
}
