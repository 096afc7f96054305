package io.cgroupguard.probe;

import io.cgroupguard.nodestate.CgroupExhaustedCondition;
import io.cgroupguard.nodestate.NodeRisk;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** Readings of the fake hosts under src/test/resources/hosts: a fake /proc and /sys/fs/cgroup each. */
class CgroupProbeFixtureTest {

    static final Path HOSTS = Path.of("src/test/resources/hosts");

    record Expected(CgroupLayout layout, long live, long total, long dying, long used, Boolean kmem,
                    NodeRisk risk, String conditionReason) {
    }

    static Stream<Arguments> hosts() {
        return Stream.of(
                arguments(Named.of("CentOS 7 3.10 near the limit: dying memcgs keep their ids, exhausted",
                        "centos7-near-limit"), new Expected(CgroupLayout.V1, 12, 65012, 65000, 65012, true,
                        NodeRisk.EXHAUSTED, CgroupExhaustedCondition.EXHAUSTED)),
                arguments(Named.of("CentOS 7 3.10 freshly booted with kmem on: at risk, it leaks",
                        "centos7-fresh"), new Expected(CgroupLayout.V1, 12, 15, 3, 15, true,
                        NodeRisk.AT_RISK, CgroupExhaustedCondition.AT_RISK)),
                arguments(Named.of("CentOS 7 3.10 booted with cgroup.memory=nokmem: healthy",
                        "centos7-nokmem"), new Expected(CgroupLayout.V1, 12, 17, 5, 17, false,
                        NodeRisk.HEALTHY, CgroupExhaustedCondition.AVAILABLE)),
                arguments(Named.of("4.4 node: no leak, but dying memcgs still hold ids before 4.7, at risk",
                        "ubuntu-4.4"), new Expected(CgroupLayout.V1, 6, 54000, 53994, 54000, null,
                        NodeRisk.AT_RISK, CgroupExhaustedCondition.AT_RISK)),
                arguments(Named.of("5.4 hybrid node: 30000 dying, but ids recycled since 4.7, healthy",
                        "hybrid-5.4"), new Expected(CgroupLayout.HYBRID, 12, 30012, 30000, 12, true,
                        NodeRisk.HEALTHY, CgroupExhaustedCondition.AVAILABLE)),
                arguments(Named.of("cgroup v2 node: counts from cgroup.stat, healthy",
                        "v2-5.15"), new Expected(CgroupLayout.V2, 154, 574, 420, 154, true,
                        NodeRisk.HEALTHY, CgroupExhaustedCondition.AVAILABLE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    void readsTheHost(String host, Expected expected) throws CgroupReadException {
        CgroupReading reading = new CgroupProbe(HOSTS.resolve(host)).read(false);
        MemoryCgroups m = reading.memoryCgroups();

        assertEquals(expected.layout(), reading.layout());
        assertEquals(expected.live(), m.live(), "live");
        assertEquals(expected.total(), m.total(), "total");
        assertEquals(expected.dying(), m.dying(), "dying");
        assertEquals(expected.used(), m.used(), "used");
        assertEquals(MemoryCgroups.ID_LIMIT, m.limit());
        assertEquals(expected.kmem(), reading.kmem().enabled(), reading.kmem().evidence());
        assertEquals(ProbeOutcome.NOT_RUN, reading.probe());
        CgroupVerdict verdict = CgroupAssessment.assess(reading);
        assertEquals(expected.risk(), verdict.risk(), verdict.reason());
        assertEquals(expected.conditionReason(), verdict.conditionReason());
        assertTrue(verdict.reason().startsWith(m.used() + " of 65535 memory cgroup ids in use (" + m.live()
                + " live, " + m.dying() + " dying)"), verdict.reason());
    }

    static Stream<Arguments> brokenHosts() {
        return Stream.of(
                arguments(Named.of("no kernel release", "broken-no-osrelease"),
                        "cannot read " + HOSTS.resolve("broken-no-osrelease/proc/sys/kernel/osrelease")
                                + ": it does not exist"),
                arguments(Named.of("a garbled /proc/cgroups", "broken-proc-cgroups"),
                        "/proc/cgroups: num_cgroups 'many' is not a number"),
                arguments(Named.of("no memory hierarchy mounted", "broken-no-memory-hierarchy"),
                        "no memory cgroup hierarchy under " + HOSTS.resolve("broken-no-memory-hierarchy/sys/fs/cgroup")),
                arguments(Named.of("an empty folder as host root", "no-such-host"),
                        "cannot read " + HOSTS.resolve("no-such-host/proc/sys/kernel/osrelease")
                                + ": it does not exist"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenHosts")
    void failsWithOneLineSayingWhichFile(String host, String message) {
        CgroupReadException e = assertThrows(CgroupReadException.class,
                () -> new CgroupProbe(HOSTS.resolve(host)).read(false));
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    void kmemEvidenceNamesItsSource(String host, Expected expected) throws CgroupReadException {
        String evidence = new CgroupProbe(HOSTS.resolve(host)).read(false).kmem().evidence();
        String source = switch (host) {
            case "centos7-near-limit" -> "memory.kmem.usage_in_bytes is 1236992 in kubepods/burstable/pod6f1c/3b9d0c";
            case "centos7-fresh" -> "memory.kmem.limit_in_bytes is 1 in kubepods/besteffort/pod91aa/77c2e1";
            case "centos7-nokmem" -> "cgroup.memory=nokmem is on the kernel command line";
            case "ubuntu-4.4" -> "no kmem charge or limit found under kubepods";
            case "hybrid-5.4" -> "kernel 5.4 accounts kernel memory in every memory cgroup by default";
            default -> "cgroup v2 always accounts kernel memory";
        };
        assertEquals(source, evidence);
    }
}
