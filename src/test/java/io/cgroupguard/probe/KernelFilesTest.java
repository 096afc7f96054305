package io.cgroupguard.probe;

import io.cgroupguard.nodestate.KernelVersion;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.OptionalLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Parsing the small kernel files a reading rests on. */
class KernelFilesTest {

    static Stream<Arguments> releases() {
        return Stream.of(
                arguments("3.10.0-1160.el7.x86_64", 3, 10),
                arguments("4.4.0-210-generic", 4, 4),
                arguments("5.15.0-1034-azure\n", 5, 15),
                arguments("6.18.44-fc-v782", 6, 18));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("releases")
    void parsesKernelRelease(String release, int major, int minor) {
        KernelVersion kernel = KernelVersion.require(release);
        assertEquals(major, kernel.major());
        assertEquals(minor, kernel.minor());
        assertEquals(release.trim(), kernel.release());
    }

    @Test
    void comparesVersionsByNumberNotText() {
        assertTrue(KernelVersion.require("4.4.0").before(4, 7));
        assertFalse(KernelVersion.require("4.10.0").before(4, 7));
        assertTrue(KernelVersion.require("3.18.0").before(4, 3));
    }

    @Test
    void rejectsAReleaseWithoutVersion() {
        assertThrows(IllegalArgumentException.class, () -> KernelVersion.require("linux"));
    }

    static Stream<Arguments> cmdlines() {
        return Stream.of(
                arguments(Named.of("nokmem alone", "ro cgroup.memory=nokmem quiet"), true),
                arguments(Named.of("nokmem in a list", "ro cgroup.memory=nosocket,nokmem"), true),
                arguments(Named.of("nosocket only", "ro cgroup.memory=nosocket"), false),
                arguments(Named.of("not set", "BOOT_IMAGE=/vmlinuz ro"), false),
                arguments(Named.of("a look-alike parameter", "ro xcgroup.memory=nokmemx"), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cmdlines")
    void findsNoKmemOnTheCommandLine(String cmdline, boolean nokmem) {
        assertEquals(nokmem, KmemDetector.hasNoKmem(cmdline));
    }

    @Test
    void readsMemoryNumCgroups() throws CgroupReadException {
        String content = "#subsys_name\thierarchy\tnum_cgroups\tenabled\ncpu\t2\t60\t1\nmemory\t4\t65012\t1\n";
        assertEquals(OptionalLong.of(65012), ProcCgroups.memoryCgroups(content));
    }

    @Test
    void reportsAMissingMemoryLineAsAbsent() throws CgroupReadException {
        assertEquals(OptionalLong.empty(), ProcCgroups.memoryCgroups("#subsys_name\thierarchy\ncpu\t2\t60\t1\n"));
    }

    @Test
    void refusesADisabledMemoryController() {
        CgroupReadException e = assertThrows(CgroupReadException.class,
                () -> ProcCgroups.memoryCgroups("memory\t0\t1\t0\n"));
        assertTrue(e.getMessage().contains("disabled"), e.getMessage());
    }

    @Test
    void prefersPerControllerCountsInCgroupStat() throws CgroupReadException {
        CgroupStat stat = CgroupStat.parse("nr_descendants 200\nnr_dying_descendants 500\n"
                + "nr_subsys_memory 150\nnr_dying_subsys_memory 420\n");
        assertEquals(150, stat.liveMemory());
        assertEquals(420, stat.dyingMemory());
    }

    @Test
    void fallsBackToDescendantsInCgroupStat() throws CgroupReadException {
        CgroupStat stat = CgroupStat.parse("nr_descendants 153\nnr_dying_descendants 420\n");
        assertEquals(154, stat.liveMemory());
        assertEquals(420, stat.dyingMemory());
    }

    @Test
    void knowsControlFilesFromCgroupNames() {
        assertTrue(MemoryHierarchy.isControlFile("memory.kmem.limit_in_bytes"));
        assertTrue(MemoryHierarchy.isControlFile("tasks"));
        assertFalse(MemoryHierarchy.isControlFile("kubepods.slice"));
        assertFalse(MemoryHierarchy.isControlFile("docker-3b9d0c.scope"));
    }
}
