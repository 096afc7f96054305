package io.cgroupguard.probe;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Against the running kernel: memory cgroups made, charged with page cache and removed become dying memcgs, and
 * the probe counts them. Needs a writable cgroup v1 memory hierarchy (root on a v1 or hybrid host); skipped,
 * saying why, elsewhere.
 *
 * <p>The page cache is written by a process moved into each cgroup, so the kernel charges it there; after rmdir
 * the cache keeps the memcg alive (offline but not freed), which {@code /proc/cgroups} num_cgroups still counts
 * while the directory is gone. Deleting the files frees the cache, and with it the memcgs.
 */
class DyingMemoryCgroupsKernelTest {

    private static final Path HOST = Path.of("/");
    private static final Path MEMORY = Path.of("/sys/fs/cgroup/memory");
    private static final int CGROUPS = 300;
    /** Other processes on the machine make and remove cgroups of their own meanwhile. */
    private static final int NOISE = CGROUPS / 5;
    /** Rounds tried while other processes move the host's counts by more than {@link #NOISE}. */
    private static final int ROUNDS = 3;

    @TempDir
    Path cache;
    private Path parent;
    private final List<Path> children = new ArrayList<>();

    @BeforeEach
    void makeParent() {
        assumeTrue(Files.isRegularFile(MEMORY.resolve("cgroup.procs")),
                "no cgroup v1 memory hierarchy at " + MEMORY + " on this machine");
        assumeTrue(Files.isWritable(MEMORY), MEMORY + " is not writable (needs root and a read-write mount)");
        parent = MEMORY.resolve("cgroup-guard-test-" + ProcessHandle.current().pid());
        try {
            Files.createDirectory(parent);
        } catch (IOException e) {
            parent = null;
            assumeTrue(false, "cannot make a memory cgroup under " + MEMORY + ": " + e.getMessage());
        }
    }

    @Test
    void dyingRisesByTheCgroupsRemovedWithPageCache_andFallsWhenTheCacheGoes() throws Exception {
        Round round = chargeAndRemove();
        // The counts are the whole host's: a benchmark making thousands of cgroups beside the test moves them by far
        // more than the noise allowance. Such a round says nothing either way, so it is run again (the assertions
        // below are the same for every round; CI runs nothing beside the test).
        for (int again = 1; again < ROUNDS && round.othersMoved() > NOISE; again++) {
            deleteCacheFiles();
            TimeUnit.SECONDS.sleep(2);
            round = chargeAndRemove();
        }
        CgroupReading before = round.before();
        CgroupReading removed = round.removed();

        long madeLive = round.charged().memoryCgroups().live() - before.memoryCgroups().live();
        assertTrue(Math.abs(madeLive - CGROUPS) <= NOISE, "live rose by " + madeLive + ", expected ~" + CGROUPS);
        long rise = removed.memoryCgroups().dying() - before.memoryCgroups().dying();
        assertTrue(rise >= CGROUPS - NOISE && rise <= CGROUPS + NOISE,
                "dying rose by " + rise + " after removing " + CGROUPS + " charged cgroups; before "
                        + before.memoryCgroups() + ", after " + removed.memoryCgroups());
        assertEquals(removed.memoryCgroups().total() - removed.memoryCgroups().live(),
                removed.memoryCgroups().dying());

        deleteCacheFiles();
        long dying = removed.memoryCgroups().dying();
        for (int i = 0; i < 100 && dying > removed.memoryCgroups().dying() - CGROUPS + NOISE; i++) {
            TimeUnit.MILLISECONDS.sleep(100);
            dying = new CgroupProbe(HOST).read(false).memoryCgroups().dying();
        }
        assertTrue(dying <= removed.memoryCgroups().dying() - CGROUPS + NOISE,
                "dying fell only to " + dying + " from " + removed.memoryCgroups().dying() + " once the cache went");
    }

    /** Makes {@link #CGROUPS} children, charges each with page cache, removes them; the host read at each step. */
    private Round chargeAndRemove() throws Exception {
        CgroupReading before = new CgroupProbe(HOST).read(false);
        for (int i = 0; i < CGROUPS; i++) {
            Path child = Files.createDirectory(parent.resolve("c" + i));
            children.add(child);
            chargePageCache(child, cache.resolve("f" + i));
        }
        CgroupReading charged = new CgroupProbe(HOST).read(false);
        for (Path child : children) {
            Files.delete(child);
        }
        children.clear();
        return new Round(before, charged, new CgroupProbe(HOST).read(false));
    }

    /** The host's readings of one round: before, with the children charged, after removing them. */
    private record Round(CgroupReading before, CgroupReading charged, CgroupReading removed) {

        /** How far other processes moved the live count while the round ran (ours are gone again at the end). */
        long othersMoved() {
            return Math.abs(removed.memoryCgroups().live() - before.memoryCgroups().live());
        }
    }

    private void deleteCacheFiles() throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            for (Path file : files.toList()) {
                Files.delete(file);
            }
        }
    }

    @Test
    void probeMakesAndRemovesAMemoryCgroup() throws Exception {
        CgroupReading reading = new CgroupProbe(HOST).read(true);

        assertEquals(ProbeOutcome.CREATED, reading.probe());
        try (Stream<Path> left = Files.list(MEMORY)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().startsWith("cgroup-guard-probe-")));
        }
    }

    /** Runs dd from a shell that first moves itself into the cgroup, so the file's pages are charged there. */
    private static void chargePageCache(Path cgroup, Path file) throws IOException, InterruptedException {
        Process dd = new ProcessBuilder("sh", "-c", "echo $$ > \"$1/cgroup.procs\" && exec dd if=/dev/zero "
                + "of=\"$2\" bs=16k count=1 status=none", "sh", cgroup.toString(), file.toString())
                .redirectErrorStream(true).start();
        String output = new String(dd.getInputStream().readAllBytes());
        assertTrue(dd.waitFor(30, TimeUnit.SECONDS) && dd.exitValue() == 0, "dd in " + cgroup + ": " + output);
    }

    @AfterEach
    void cleanUp() throws IOException {
        if (parent == null) {
            return;
        }
        for (Path child : children) {
            Files.deleteIfExists(child);
        }
        deleteCacheFiles();
        Files.deleteIfExists(parent);
    }
}
