package io.cgroupguard.probe;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Makes and removes one memory cgroup. The kernel answers mkdir with ENOSPC when it has no memory cgroup id
 * left, which is exactly what kubelet hits, so a failure here is proof rather than an estimate.
 */
final class MkdirProbe {

    /** strerror(ENOSPC), which the JDK reports as the exception's reason. */
    private static final String ENOSPC = "No space left on device";

    private MkdirProbe() {
    }

    static ProbeOutcome run(Path memoryRoot) {
        Path probe = memoryRoot.resolve("cgroup-guard-probe-" + ProcessHandle.current().pid());
        try {
            Files.createDirectory(probe);
        } catch (FileSystemException e) {
            return ENOSPC.equals(e.getReason()) ? ProbeOutcome.NO_SPACE
                    : ProbeOutcome.failed("mkdir " + probe + ": " + HostFiles.why(e));
        } catch (IOException e) {
            return ProbeOutcome.failed("mkdir " + probe + ": " + HostFiles.why(e));
        }
        try {
            Files.delete(probe);
        } catch (IOException e) {
            return ProbeOutcome.failed("made " + probe + " but could not remove it: " + HostFiles.why(e));
        }
        return ProbeOutcome.CREATED;
    }
}
