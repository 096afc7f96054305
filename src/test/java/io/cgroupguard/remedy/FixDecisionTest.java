package io.cgroupguard.remedy;

import io.cgroupguard.nodestate.KernelVersion;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static io.cgroupguard.remedy.KmemReport.NOT_REPORTED;
import static io.cgroupguard.remedy.KmemReport.OFF;
import static io.cgroupguard.remedy.KmemReport.ON;
import static io.cgroupguard.remedy.KmemReport.UNKNOWN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class FixDecisionTest {

    private static final String CENTOS = "3.10.0-1160.el7.x86_64";
    private static final List<String> ALL_BUT_KUBELET = List.of("kernel-upgrade", "boot-nokmem", "runtime-nokmem");

    static NodeSoftware node(String kernel, String runtime, String kubelet, KmemReport kmem) {
        return new NodeSoftware(KernelVersion.parse(kernel), RuntimeVersion.parse(runtime),
                Optional.ofNullable(kubelet), kmem);
    }

    static List<String> plus(List<String> head, String last) {
        return Stream.concat(head.stream(), Stream.of(last)).toList();
    }

    static Stream<Arguments> seed() {
        return Stream.of(
                arguments(Named.of("3.10 with Docker 18.06 and kubelet 1.13: everything, kubelet patched",
                        node(CENTOS, "docker://18.6.1", "v1.13.5", ON)), plus(ALL_BUT_KUBELET, "kubelet-patched"),
                        "older than 1.14"),
                arguments(Named.of("3.10 with Docker 18.06 written with the zero and kubelet 1.14",
                        node(CENTOS, "docker://18.06.1-ce", "v1.14.3", ON)), plus(ALL_BUT_KUBELET, "kubelet-nokmem"),
                        "read as on"),
                arguments(Named.of("3.10 with nokmem on the command line: nothing",
                        node(CENTOS, "docker://18.6.1", "v1.13.5", OFF)), List.of(), "kmem accounting is off"),
                arguments(Named.of("3.10 with Docker 18.09.1: the runtime's part is done",
                        node(CENTOS, "docker://18.9.1", "v1.14.0", ON)),
                        List.of("kernel-upgrade", "boot-nokmem", "kubelet-nokmem"), "already leaves kmem off"),
                arguments(Named.of("3.10 with Docker 19.03 and an old kubelet",
                        node(CENTOS, "docker://19.3.5", "v1.12.10", ON)),
                        List.of("kernel-upgrade", "boot-nokmem", "kubelet-patched"), "already leaves kmem off"),
                arguments(Named.of("3.10 with Docker 18.09.0: one release short",
                        node(CENTOS, "docker://18.9.0", "v1.14.0", ON)), plus(ALL_BUT_KUBELET, "kubelet-nokmem"),
                        "kernel 3.10"),
                arguments(Named.of("3.10 with RHEL's Docker 1.13",
                        node(CENTOS, "docker://1.13.1", "v1.11.0", ON)), plus(ALL_BUT_KUBELET, "kubelet-patched"),
                        "kernel 3.10"),
                arguments(Named.of("3.10 with containerd: its version says nothing of runc's build",
                        node(CENTOS, "containerd://1.2.6", "v1.15.0", ON)), plus(ALL_BUT_KUBELET, "kubelet-nokmem"),
                        "kernel 3.10"),
                arguments(Named.of("3.10 with CRI-O: its version says nothing of runc's build",
                        node(CENTOS, "cri-o://1.14.0", "v1.14.0", ON)), plus(ALL_BUT_KUBELET, "kubelet-nokmem"),
                        "kernel 3.10"),
                arguments(Named.of("3.10 with containerd and nokmem: nothing",
                        node(CENTOS, "containerd://1.2.6", "v1.15.0", OFF)), List.of(), "kmem accounting is off"),
                arguments(Named.of("3.10 without an agent: no proof kmem is off",
                        node(CENTOS, "docker://18.6.1", "v1.13.5", NOT_REPORTED)),
                        plus(ALL_BUT_KUBELET, "kubelet-patched"), "no reading says"),
                arguments(Named.of("3.10 with no kmem charge found: still no proof",
                        node(CENTOS, "docker://18.6.1", "v1.16.0", UNKNOWN)), plus(ALL_BUT_KUBELET, "kubelet-nokmem"),
                        "does not prove it off"),
                arguments(Named.of("3.10 with no runtime or kubelet version: both parts listed",
                        node(CENTOS, null, null, ON)), plus(ALL_BUT_KUBELET, "kubelet-nokmem"), "kernel 3.10"),
                arguments(Named.of("4.4 does not leak", node("4.4.0-210-generic", "docker://18.6.1", "v1.13.5", ON)),
                        List.of(), "does not leak"),
                arguments(Named.of("5.x does not leak", node("5.15.0-91-generic", "containerd://1.6.20", "v1.27.3",
                        ON)), List.of(), "does not leak"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seed")
    void listsTheFixesStillNeeded(NodeSoftware node, List<String> fixes, String reasonSays) {
        FixPlan plan = FixDecision.decide(node);
        assertTrue(plan.known());
        assertEquals(fixes, plan.ids());
        assertTrue(plan.reason().contains(reasonSays), plan.reason());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("seed")
    void neverListsHalfOfTheKubeletChoice(NodeSoftware node, List<String> fixes, String reasonSays) {
        List<String> ids = FixDecision.decide(node).ids();
        assertTrue(!(ids.contains("kubelet-nokmem") && ids.contains("kubelet-patched")), ids.toString());
        assertEquals(ids.contains("kernel-upgrade"), ids.contains("kubelet-nokmem") || ids.contains("kubelet-patched"),
                "a leaking node always needs the kubelet's part: its build tag never shows in its version");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadable")
    void saysUnknown_whenTheNodeReportsNoKernel(NodeSoftware node) {
        FixPlan plan = FixDecision.decide(node);
        assertEquals(false, plan.known());
        assertEquals("unknown", plan.summary());
    }

    static Stream<Arguments> unreadable() {
        return Stream.of(
                arguments(Named.of("no kernel version", node(null, "docker://18.6.1", "v1.13.5", ON))),
                arguments(Named.of("a kernel version that is not one", node("unknown", null, null, NOT_REPORTED))));
    }

    static Stream<Arguments> summaries() {
        return Stream.of(
                arguments(Named.of("everything", node(CENTOS, "docker://18.6.1", "v1.13.5", ON)),
                        "kernel-upgrade | boot-nokmem | runtime-nokmem+kubelet-patched"),
                arguments(Named.of("kubelet only on the runtime side", node(CENTOS, "docker://18.9.1", "v1.14.0", ON)),
                        "kernel-upgrade | boot-nokmem | kubelet-nokmem"),
                arguments(Named.of("nothing", node("5.15.0", null, null, ON)), "-"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("summaries")
    void summarySeparatesAlternativesFromParts(NodeSoftware node, String summary) {
        assertEquals(summary, FixDecision.decide(node).summary());
    }
}
