package io.cgroupguard.remedy;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.cgroupguard.remedy.FixDecisionTest.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FleetFixesTest {

    @Test
    void countsEachFixOverTheNodesThatNeedIt() {
        FleetFixes fleet = FleetFixes.of(List.of(
                FixDecision.decide(node("3.10.0-1160.el7.x86_64", "docker://18.6.1", "v1.13.5", KmemReport.ON)),
                FixDecision.decide(node("3.10.0-1160.el7.x86_64", "docker://18.9.1", "v1.14.0", KmemReport.ON)),
                FixDecision.decide(node("3.10.0-1160.el7.x86_64", "docker://18.6.1", "v1.13.5", KmemReport.OFF)),
                FixDecision.decide(node("5.15.0-91-generic", null, null, KmemReport.ON)),
                FixDecision.decide(node(null, null, null, KmemReport.NOT_REPORTED))));

        assertEquals(List.of(5, 2, 2, 1), List.of(fleet.nodes(), fleet.fine(), fleet.leaking(), fleet.unknown()));
        assertEquals(Map.of(Fix.KERNEL_UPGRADE, 2, Fix.BOOT_NOKMEM, 2, Fix.RUNTIME_NOKMEM, 1, Fix.KUBELET_NOKMEM, 1,
                Fix.KUBELET_PATCHED, 1), fleet.byFix());
        List<String> lines = fleet.lines();
        assertEquals("fixes: 2 of 5 nodes still leak memory cgroups, 2 need no fix, 1 unknown", lines.get(0));
        assertTrue(lines.stream().anyMatch(l -> l.matches("  runtime-nokmem\\s+1 node: run Docker 18.09.1.*")),
                lines.toString());
    }

    @Test
    void saysOnlyTheHeadline_whenNothingLeaks() {
        FleetFixes fleet = FleetFixes.of(List.of(FixDecision.decide(node("4.4.0", null, null, KmemReport.ON))));
        assertEquals(List.of("fixes: 0 of 1 nodes still leak memory cgroups, 1 need no fix, 0 unknown"),
                fleet.lines());
    }
}
