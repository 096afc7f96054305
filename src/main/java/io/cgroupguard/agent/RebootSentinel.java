package io.cgroupguard.agent;

import io.cgroupguard.console.ConsoleLog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * kured's reboot sentinel, kept by the agent when {@code cgroup-guard.agent.reboot-sentinel} names a path: the
 * file exists while the node needs a reboot (exhausted, or out of ids within the forecast horizon), and kured,
 * watching that path, drains and reboots the node one at a time in its maintenance window.
 *
 * <p>kured removes nothing itself, and the path may be on a disk that survives the reboot, so the agent removes
 * its own file once the need is gone: at once on a clear reading (headroom, or a forecast past the horizon), and
 * while still undecided (just started, too little history to forecast) only when the file was written under an
 * earlier boot, since that reboot has happened. A file the agent did not write (another tool's sentinel at the
 * same path) is never removed.
 */
public final class RebootSentinel {

    private static final ConsoleLog LOG = ConsoleLog.of(RebootSentinel.class);
    /** The first line of every sentinel the agent writes, followed by the boot it was written under. */
    static final String MARK = "written by cgroup-guard under boot ";

    /** What to do with the file. */
    enum Action { CREATE, REMOVE, KEEP }

    private final Path file;
    private final String bootId;

    /**
     * @param file   the sentinel's path, as mounted in the agent's container
     * @param bootId the running kernel's boot id ({@code /proc/sys/kernel/random/boot_id})
     */
    public RebootSentinel(Path file, String bootId) {
        this.file = file;
        this.bootId = bootId;
    }

    /**
     * The pure rule.
     *
     * @param content the file's content, empty when it does not exist
     */
    static Action decide(Optional<String> content, String bootId, Outlook.RebootNeed need) {
        boolean ours = content.filter(c -> c.startsWith(MARK)).isPresent();
        boolean thisBoot = content.filter(c -> c.startsWith(MARK + bootId + "\n")).isPresent();
        return switch (need) {
            case NEEDED -> content.isEmpty() || (ours && !thisBoot) ? Action.CREATE : Action.KEEP;
            case NOT_NEEDED -> ours ? Action.REMOVE : Action.KEEP;
            case UNDECIDED -> ours && !thisBoot ? Action.REMOVE : Action.KEEP;
        };
    }

    /** Creates or removes the file as the need says; a failure is logged and tried again on the next reading. */
    public void update(Outlook.RebootNeed need, String why) {
        try {
            Optional<String> content = read();
            switch (decide(content, bootId, need)) {
                case CREATE -> {
                    Files.writeString(file, MARK + bootId + "\n" + why + "\n");
                    LOG.warnf("agent: wrote reboot sentinel %s for kured: %s", file, why);
                }
                case REMOVE -> {
                    Files.deleteIfExists(file);
                    LOG.infof("agent: removed reboot sentinel %s: the node no longer needs a reboot", file);
                }
                case KEEP -> {
                }
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.errorf("agent: cannot update reboot sentinel %s (is its folder mounted writable?): %s", file, e);
        }
    }

    private Optional<String> read() throws IOException {
        try {
            return Optional.of(Files.readString(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }
}
