package io.cgroupguard.remedy;

import io.cgroupguard.nodestate.KernelVersion;
import io.cgroupguard.nodestate.CgroupExhaustedCondition;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a node runs, as far as the leak's fixes depend on it: the facts {@link FixDecision} decides from.
 *
 * @param kernel  {@code status.nodeInfo.kernelVersion}, empty when absent or unreadable
 * @param runtime {@code status.nodeInfo.containerRuntimeVersion}, empty when absent
 * @param kubelet {@code status.nodeInfo.kubeletVersion} as written ({@code v1.13.5}), empty when absent
 * @param kmem    what the agent read of kmem accounting
 */
public record NodeSoftware(Optional<KernelVersion> kernel, Optional<RuntimeVersion> runtime, Optional<String> kubelet,
                           KmemReport kmem) {

    private static final Pattern KUBELET = Pattern.compile("^v?(\\d+)\\.(\\d+)");

    /** Reads a node: its nodeInfo and the kmem word of its {@code CgroupExhausted} condition's message. */
    public static NodeSoftware of(Node node) {
        var status = node.getStatus();
        var info = status == null ? null : status.getNodeInfo();
        List<NodeCondition> conditions = status == null || status.getConditions() == null ? List.of()
                : status.getConditions();
        KmemReport kmem = conditions.stream().filter(c -> CgroupExhaustedCondition.TYPE.equals(c.getType())).findFirst()
                .map(c -> KmemReport.fromConditionMessage(c.getMessage())).orElse(KmemReport.NOT_REPORTED);
        return new NodeSoftware(
                Optional.ofNullable(info).flatMap(i -> KernelVersion.parse(i.getKernelVersion())),
                Optional.ofNullable(info).flatMap(i -> RuntimeVersion.parse(i.getContainerRuntimeVersion())),
                Optional.ofNullable(info).map(i -> i.getKubeletVersion()).filter(v -> !v.isBlank()),
                kmem);
    }

    /** The kubelet's minor version when it is a 1.x release, empty when absent or unreadable. */
    OptionalInt kubeletMinor() {
        if (kubelet.isEmpty()) {
            return OptionalInt.empty();
        }
        Matcher m = KUBELET.matcher(kubelet.get().trim());
        if (!m.find() || !m.group(1).equals("1")) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(m.group(2)));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
