package io.cgroupguard.remedy;

import io.cgroupguard.probe.CgroupAssessment;
import io.cgroupguard.agent.CgroupCondition;
import io.cgroupguard.probe.CgroupProbe;
import io.cgroupguard.probe.CgroupReading;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class KmemReportTest {

    /** The agent's own message on every readable fixture host, so a change of its wording fails here. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"centos7-fresh", "centos7-near-limit", "centos7-nokmem", "ubuntu-4.4", "hybrid-5.4",
            "v2-5.15"})
    void readsTheKmemWordTheAgentWrites(String host) throws Exception {
        CgroupReading reading = new CgroupProbe(Path.of("src/test/resources/hosts", host)).read(false);
        String message = CgroupCondition.of(CgroupAssessment.assess(reading)).message();
        assertEquals(KmemReport.of(reading.kmem().enabled()), KmemReport.fromConditionMessage(message), message);
    }

    static Stream<Arguments> messages() {
        return Stream.of(
                arguments(Named.of("no message", null), KmemReport.NOT_REPORTED),
                arguments(Named.of("a node-problem-detector default message", "memory cgroups are fine"),
                        KmemReport.NOT_REPORTED),
                arguments(Named.of("off", "17 of 65535 memory cgroup ids in use (...); kmem accounting off; kernel 3"),
                        KmemReport.OFF),
                arguments(Named.of("not fooled by a longer word", "kmem accounting online"), KmemReport.NOT_REPORTED));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messages")
    void readsOnlyTheWholeWord(String message, KmemReport report) {
        assertEquals(report, KmemReport.fromConditionMessage(message));
    }
}
