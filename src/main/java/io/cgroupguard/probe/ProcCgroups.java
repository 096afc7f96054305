package io.cgroupguard.probe;

import java.util.OptionalLong;

/**
 * The memory line of {@code /proc/cgroups} ({@code subsys_name hierarchy num_cgroups enabled}). Its
 * {@code num_cgroups} counts every memory cgroup the kernel has not freed yet, dying ones included.
 */
final class ProcCgroups {

    private ProcCgroups() {
    }

    /**
     * The memory controller's {@code num_cgroups}; empty when the file has no memory line (recent kernels
     * list only controllers bound to v1).
     *
     * @throws CgroupReadException when the memory line is malformed or the controller is disabled
     */
    static OptionalLong memoryCgroups(String content) throws CgroupReadException {
        for (String line : content.split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 0 || !fields[0].equals("memory")) {
                continue;
            }
            if (fields.length < 4) {
                throw new CgroupReadException("/proc/cgroups: memory line '" + line.trim() + "' has "
                        + fields.length + " fields, expected 4");
            }
            if (fields[3].equals("0")) {
                throw new CgroupReadException("/proc/cgroups: the memory controller is disabled "
                        + "(cgroup_disable=memory)");
            }
            try {
                return OptionalLong.of(Long.parseLong(fields[2]));
            } catch (NumberFormatException e) {
                throw new CgroupReadException("/proc/cgroups: num_cgroups '" + fields[2] + "' is not a number");
            }
        }
        return OptionalLong.empty();
    }
}
