package io.cgroupguard.labeller;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decides whether a kubelet event message reports a failed cgroup creation: a {@code mkdir} or {@code write}
 * under {@code /sys/fs/cgroup/} that failed with {@code no space left on device} (ENOSPC, the memcg id space is
 * used up) or {@code cannot allocate memory} (ENOMEM, the kernel could not allocate the memcg).
 *
 * <p>The system call, its path and its errno must be one Go error chain link ({@code op path: errno}), as every
 * runtime prints them (dockerd, containerd, CRI-O and runc through libcontainer; cgroupfs and systemd drivers;
 * cgroup v1 and v2). Requiring the path right before the errno is what keeps a full disk out: {@code write
 * /var/lib/docker/tmp/...: no space left on device} mentions the same errno but no cgroup.
 */
public final class CgroupFailureClassifier {

    /*
     * Runtimes nest the error in quoted strings, so quotes may be escaped any number of times (\" or \\\"); the
     * path itself never holds a space, a colon or a quote.
     */
    private static final Pattern FAILURE = Pattern.compile(
            "\\b(mkdir|write)\\s+[\\\\\"']*(/sys/fs/cgroup/[^\\s:\"'\\\\]*)[\\\\\"']*\\s*:\\s*"
                    + "(no space left on device|cannot allocate memory)",
            Pattern.CASE_INSENSITIVE);

    private CgroupFailureClassifier() {
    }

    /**
     * The failing operation as one short phrase ({@code mkdir /sys/fs/cgroup/memory/kubepods/...: no space left on
     * device}) when the message is a failed cgroup creation; empty for anything else, a full disk included.
     */
    public static Optional<String> failure(String message) {
        if (message == null || message.isEmpty()) {
            return Optional.empty();
        }
        Matcher m = FAILURE.matcher(message);
        if (!m.find()) {
            return Optional.empty();
        }
        return Optional.of(m.group(1).toLowerCase(Locale.ROOT) + " " + m.group(2) + ": "
                + m.group(3).toLowerCase(Locale.ROOT));
    }
}
