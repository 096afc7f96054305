package io.cgroupguard.probe;

import io.cgroupguard.nodestate.KernelVersion;
import io.cgroupguard.nodestate.CgroupExhaustedCondition;
import io.cgroupguard.nodestate.NodeRisk;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/** The state decision over plain readings: thresholds, the probe, the leaking-kernel rule and the 4.7 id rule. */
class CgroupAssessmentTest {

    private static final KernelVersion EL7 = KernelVersion.require("3.10.0-1160.el7.x86_64");
    private static final KernelVersion K44 = KernelVersion.require("4.4.0-210-generic");
    private static final KernelVersion K54 = KernelVersion.require("5.4.0-150-generic");
    private static final KmemAccounting ON = KmemAccounting.on("test");
    private static final KmemAccounting OFF = KmemAccounting.off("test");
    private static final KmemAccounting UNKNOWN = KmemAccounting.unknown("test");

    static Stream<Arguments> readings() {
        return Stream.of(
                arguments(Named.of("exhausted when the probe's mkdir fails with ENOSPC, whatever the counts",
                        reading(K54, 40, 40, OFF, ProbeOutcome.NO_SPACE)), NodeRisk.EXHAUSTED,
                        CgroupExhaustedCondition.CREATE_FAILED),
                arguments(Named.of("exhausted at 99% of the ids (64880 of 65535)",
                        reading(K44, 100, 64880, OFF, ProbeOutcome.NOT_RUN)), NodeRisk.EXHAUSTED,
                        CgroupExhaustedCondition.EXHAUSTED),
                arguments(Named.of("at risk just under 99% (64879)",
                        reading(K44, 100, 64879, OFF, ProbeOutcome.NOT_RUN)), NodeRisk.AT_RISK,
                        CgroupExhaustedCondition.AT_RISK),
                arguments(Named.of("at risk just over 80% (52429)",
                        reading(K44, 100, 52429, OFF, ProbeOutcome.NOT_RUN)), NodeRisk.AT_RISK,
                        CgroupExhaustedCondition.AT_RISK),
                arguments(Named.of("healthy at exactly 80% (52428) on a kernel without the leak",
                        reading(K44, 100, 52428, OFF, ProbeOutcome.NOT_RUN)), NodeRisk.HEALTHY,
                        CgroupExhaustedCondition.AVAILABLE),
                arguments(Named.of("from 4.7 on dying memcgs hold no id: 65000 dying is healthy",
                        reading(K54, 100, 65100, ON, ProbeOutcome.NOT_RUN)), NodeRisk.HEALTHY,
                        CgroupExhaustedCondition.AVAILABLE),
                arguments(Named.of("at risk on a 3.10 kernel with kmem on, even with few cgroups",
                        reading(EL7, 20, 25, ON, ProbeOutcome.NOT_RUN)), NodeRisk.AT_RISK,
                        CgroupExhaustedCondition.AT_RISK),
                arguments(Named.of("healthy on a 3.10 kernel with nokmem",
                        reading(EL7, 20, 25, OFF, ProbeOutcome.NOT_RUN)), NodeRisk.HEALTHY,
                        CgroupExhaustedCondition.AVAILABLE),
                arguments(Named.of("healthy on a 3.10 kernel when kmem is unknown: no evidence, no alarm",
                        reading(EL7, 20, 25, UNKNOWN, ProbeOutcome.NOT_RUN)), NodeRisk.HEALTHY,
                        CgroupExhaustedCondition.AVAILABLE),
                arguments(Named.of("a probe that could not run proves nothing",
                        reading(K54, 20, 25, ON, ProbeOutcome.failed("mkdir: Read-only file system"))),
                        NodeRisk.HEALTHY, CgroupExhaustedCondition.AVAILABLE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("readings")
    void judges(CgroupReading reading, NodeRisk risk, String conditionReason) {
        CgroupVerdict verdict = CgroupAssessment.assess(reading);
        assertEquals(risk, verdict.risk(), verdict.reason());
        assertEquals(conditionReason, verdict.conditionReason());
    }

    @org.junit.jupiter.api.Test
    void reasonIsOneSentenceWithTheNumbers() {
        CgroupVerdict verdict = CgroupAssessment.assess(reading(EL7, 1200, 65012, ON, ProbeOutcome.NOT_RUN));
        assertEquals("65012 of 65535 memory cgroup ids in use (1200 live, 63812 dying); kmem accounting on; "
                + "kernel 3.10.0-1160.el7.x86_64", verdict.reason());
    }

    @org.junit.jupiter.api.Test
    void probeFailureLeadsTheReason() {
        CgroupVerdict verdict = CgroupAssessment.assess(reading(K54, 40, 52, OFF, ProbeOutcome.NO_SPACE));
        assertEquals("making a memory cgroup failed with ENOSPC; 40 of 65535 memory cgroup ids in use (40 live, "
                + "12 dying); kmem accounting off; kernel 5.4.0-150-generic", verdict.reason());
    }

    private static CgroupReading reading(KernelVersion kernel, long live, long total, KmemAccounting kmem,
                                         ProbeOutcome probe) {
        return new CgroupReading(kernel, CgroupLayout.V1, MemoryCgroups.of(kernel, live, total), kmem, probe);
    }
}
