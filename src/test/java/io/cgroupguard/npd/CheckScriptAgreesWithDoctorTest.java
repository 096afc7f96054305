package io.cgroupguard.npd;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cgroupguard.probe.CgroupAssessment;
import io.cgroupguard.probe.CgroupProbe;
import io.cgroupguard.probe.CgroupReadException;
import io.cgroupguard.probe.CgroupVerdict;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The node-problem-detector check on every fixture host and on this machine's own kernel, under each shell:
 * it must reach the state {@code doctor}'s Java code reaches on the same host, with NPD's exit status for it.
 */
class CheckScriptAgreesWithDoctorTest {

    private static final Path HOSTS = Path.of("src/test/resources/hosts");

    /** What doctor's code says of a host: its verdict, or empty when it cannot read it (state unknown). */
    static Optional<CgroupVerdict> doctor(Path root) {
        try {
            return Optional.of(CgroupAssessment.assess(new CgroupProbe(root).read(false)));
        } catch (CgroupReadException e) {
            return Optional.empty();
        }
    }

    /** Doctor's reason for a host: the verdict's, or the read failure's (what {@code doctor --output json} says). */
    static String doctorReason(Path root) {
        try {
            return CgroupAssessment.assess(new CgroupProbe(root).read(false)).reason();
        } catch (CgroupReadException e) {
            return e.getMessage();
        }
    }

    static String state(Optional<CgroupVerdict> verdict) {
        return verdict.map(v -> v.risk().label()).orElse("unknown");
    }

    /** NPD's protocol: 0 OK (condition False), 1 problem (True), 2 unknown. At-risk pods still start: OK. */
    static int npdStatus(String state) {
        return switch (state) {
            case "exhausted" -> 1;
            case "unknown" -> 2;
            default -> 0;
        };
    }

    static Stream<Arguments> fixtureHosts() throws IOException {
        try (Stream<Path> hosts = Files.list(HOSTS)) {
            List<Path> sorted = hosts.filter(Files::isDirectory).sorted().toList();
            return CheckScript.shells().stream().flatMap(shell -> sorted.stream().map(host ->
                    Arguments.of(Named.of(host.getFileName() + " under " + Path.of(shell).getFileName(), host),
                            shell)));
        }
    }

    static int maxOutputLength() throws IOException {
        return new ObjectMapper().readTree(CheckScript.CONFIG.toFile()).at("/pluginConfig/max_output_length").asInt();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fixtureHosts")
    void reachesDoctorsStateAndNumbers_onEveryFixtureHost(Path host, String shell) throws Exception {
        Optional<CgroupVerdict> verdict = doctor(host);
        CheckScript.Result run = CheckScript.run(shell, Map.of("CGROUP_GUARD_HOST_ROOT", host.toString()));

        assertEquals(state(verdict), run.state(), run.out() + run.err());
        assertEquals(npdStatus(state(verdict)), run.status(), run.out());
        verdict.ifPresent(v -> assertEquals(v.reason(), run.body()));
        assertEquals(1, run.out().lines().count(), run.out());
        assertTrue(run.out().strip().length() <= maxOutputLength(), run.out());
        assertEquals("", run.err());
    }

    static Stream<Arguments> shells() {
        return CheckScript.shells().stream().map(s -> Arguments.of(Named.of(Path.of(s).getFileName().toString(), s)));
    }

    /** Counts move while both read a live machine, so only the state must agree here. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("shells")
    void reachesDoctorsState_onThisMachine(String shell) throws Exception {
        assumeTrue(Files.isRegularFile(Path.of("/proc/sys/kernel/osrelease")), "not a Linux machine");
        String state = state(doctor(Path.of("/")));
        CheckScript.Result run = CheckScript.run(shell, Map.of());

        assertEquals(state, run.state(), run.out() + run.err());
        assertEquals(npdStatus(state), run.status(), run.out());
    }

    static Stream<Arguments> delegated() {
        return Stream.of("centos7-near-limit", "centos7-fresh", "v2-5.15", "broken-no-osrelease")
                .map(h -> Arguments.of(Named.of(h, HOSTS.resolve(h))));
    }

    /**
     * With CGROUP_GUARD_DOCTOR the script passes on doctor's own state and reason. On a host without osrelease
     * the reason shows who answered: doctor adds why the file could not be read, the shell rules do not.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("delegated")
    void usesDoctor_whenItCanRun(Path host) throws Exception {
        String classpath = System.getProperty("java.class.path");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        assumeTrue(!classpath.contains(" ") && !java.contains(" "), "the command is split on spaces");
        Optional<CgroupVerdict> verdict = doctor(host);
        CheckScript.Result run = CheckScript.run(CheckScript.shells().get(0), Map.of(
                "CGROUP_GUARD_HOST_ROOT", host.toString(),
                "CGROUP_GUARD_DOCTOR", java + " -cp " + classpath + " io.cgroupguard.Main doctor"));

        assertEquals(state(verdict), run.state(), run.out() + run.err());
        assertEquals(npdStatus(state(verdict)), run.status(), run.out());
        assertEquals(doctorReason(host), run.body());
    }

    @Test
    void fallsBackToItsOwnRules_whenDoctorCannotRun() throws Exception {
        Path host = HOSTS.resolve("centos7-near-limit");
        CheckScript.Result run = CheckScript.run(CheckScript.shells().get(0), Map.of(
                "CGROUP_GUARD_HOST_ROOT", host.toString(),
                "CGROUP_GUARD_DOCTOR", "/nonexistent/cgroup-guard doctor"));

        assertEquals("exhausted", run.state(), run.out());
        assertEquals(1, run.status());
        assertEquals(doctor(host).orElseThrow().reason(), run.body());
    }
}
