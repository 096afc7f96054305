package io.cgroupguard.agent;

import io.cgroupguard.agent.Outlook.RebootNeed;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RebootSentinelTest {

    static final String OURS_NOW = RebootSentinel.MARK + "boot-2\nTrue MemoryCgroupsExhausted: ...\n";
    static final String OURS_BEFORE = RebootSentinel.MARK + "boot-1\nTrue MemoryCgroupsExhausted: ...\n";
    static final String FOREIGN = "";

    static Arguments row(String name, Optional<String> content, RebootNeed need, RebootSentinel.Action action) {
        return Arguments.of(Named.of(name, content), need, action);
    }

    static Stream<Arguments> table() {
        Optional<String> none = Optional.empty();
        return Stream.of(
                row("needed and absent: create", none, RebootNeed.NEEDED, RebootSentinel.Action.CREATE),
                row("needed and ours this boot: keep", Optional.of(OURS_NOW), RebootNeed.NEEDED,
                        RebootSentinel.Action.KEEP),
                row("needed again after a reboot: rewritten for this boot", Optional.of(OURS_BEFORE),
                        RebootNeed.NEEDED, RebootSentinel.Action.CREATE),
                row("needed and another tool's file is there: leave it, it asks for a reboot already",
                        Optional.of(FOREIGN), RebootNeed.NEEDED, RebootSentinel.Action.KEEP),
                row("not needed and absent: nothing", none, RebootNeed.NOT_NEEDED, RebootSentinel.Action.KEEP),
                row("not needed and ours: remove", Optional.of(OURS_NOW), RebootNeed.NOT_NEEDED,
                        RebootSentinel.Action.REMOVE),
                row("not needed and another tool's: never removed", Optional.of(FOREIGN), RebootNeed.NOT_NEEDED,
                        RebootSentinel.Action.KEEP),
                row("undecided after the reboot it asked for: spent, remove", Optional.of(OURS_BEFORE),
                        RebootNeed.UNDECIDED, RebootSentinel.Action.REMOVE),
                row("undecided in the boot that wrote it (agent restarted): keep", Optional.of(OURS_NOW),
                        RebootNeed.UNDECIDED, RebootSentinel.Action.KEEP),
                row("undecided and absent: never created", none, RebootNeed.UNDECIDED, RebootSentinel.Action.KEEP));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void decides(Optional<String> content, RebootNeed need, RebootSentinel.Action action) {
        assertEquals(action, RebootSentinel.decide(content, "boot-2", need));
    }

    @Test
    void createsAndRemovesItsFileOnly(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("reboot-required");
        RebootSentinel sentinel = new RebootSentinel(file, "boot-2");
        sentinel.update(RebootNeed.UNDECIDED, "starting");
        assertFalse(Files.exists(file));
        sentinel.update(RebootNeed.NEEDED, "True MemoryCgroupsExhausted: 65000 of 65535");
        assertEquals(RebootSentinel.MARK + "boot-2\nTrue MemoryCgroupsExhausted: 65000 of 65535\n",
                Files.readString(file));
        sentinel.update(RebootNeed.NOT_NEEDED, "False MemoryCgroupsAvailable");
        assertFalse(Files.exists(file));

        Files.writeString(file, "");
        sentinel.update(RebootNeed.NOT_NEEDED, "False MemoryCgroupsAvailable");
        assertTrue(Files.exists(file), "a sentinel the agent did not write stays");
    }

    @Test
    void aFreshAgentAfterTheRebootRemovesTheSpentFileAndDoesNotRecreateIt(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("reboot-required");
        new RebootSentinel(file, "boot-1").update(RebootNeed.NEEDED, "forecast within 24h");
        RebootSentinel afterReboot = new RebootSentinel(file, "boot-2");
        afterReboot.update(RebootNeed.UNDECIDED, "a leaking kernel, no history yet");
        assertFalse(Files.exists(file));
        afterReboot.update(RebootNeed.UNDECIDED, "a leaking kernel, no history yet");
        assertFalse(Files.exists(file));
    }

    @Test
    void aMissingFolderIsLoggedNotThrown(@TempDir Path dir) {
        RebootSentinel sentinel = new RebootSentinel(dir.resolve("absent/reboot-required"), "boot-2");
        sentinel.update(RebootNeed.NEEDED, "exhausted");
        assertFalse(Files.exists(dir.resolve("absent/reboot-required")));
    }
}
