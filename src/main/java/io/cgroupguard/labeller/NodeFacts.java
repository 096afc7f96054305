package io.cgroupguard.labeller;

import io.cgroupguard.nodestate.GuardKeys;
import io.cgroupguard.nodestate.NodeRisk;
import io.cgroupguard.nodestate.NodeState;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the labeller knows of one node: the few fields a decision reads, so the leader never keeps whole Nodes.
 *
 * @param name          the node's name
 * @param uid           the node's uid, for the involvedObject of the Events written about it
 * @param bootId        {@code status.nodeInfo.bootID}, {@code unknown} when the kubelet has not reported one
 * @param kernel        {@code status.nodeInfo.kernelVersion}, empty string when absent
 * @param stateLabel    the {@code cgroup-guard.io/state} label as written, empty when absent
 * @param override      a person's {@code cgroup-guard.io/override}, empty when absent or not a known state
 * @param since         the {@code cgroup-guard.io/since} annotation
 * @param reason        the {@code cgroup-guard.io/reason} annotation
 * @param flaggedBootId the {@code cgroup-guard.io/boot-id} annotation: the bootID under which evidence flagged it
 * @param agent         the agent's {@code CgroupExhausted} condition, empty when no agent reported
 * @param readySince    when the node last became Ready; after a reboot, close to when it came back up
 * @param tainted       whether the {@code cgroup-guard.io/exhausted} taint is on the node
 * @param exhaustedBy   the {@code cgroup-guard.io/exhausted-by} annotation as written
 */
public record NodeFacts(String name, String uid, String bootId, String kernel, Optional<String> stateLabel,
                        Optional<NodeRisk> override, Optional<Instant> since, Optional<String> reason,
                        Optional<String> flaggedBootId, Optional<AgentCondition> agent, Optional<Instant> readySince,
                        boolean tainted, Optional<String> exhaustedBy) {

    static final String UNKNOWN_BOOT = "unknown";

    /** Reads a node; labels, annotations, status and taints may each be absent. */
    public static NodeFacts of(Node node) {
        Map<String, String> labels = orEmpty(node.getMetadata().getLabels());
        Map<String, String> annotations = orEmpty(node.getMetadata().getAnnotations());
        var status = node.getStatus();
        var info = status == null ? null : status.getNodeInfo();
        List<NodeCondition> conditions = status == null ? null : status.getConditions();
        boolean tainted = node.getSpec() != null && node.getSpec().getTaints() != null
                && node.getSpec().getTaints().stream().anyMatch(t -> GuardKeys.TAINT.equals(t.getKey()));
        return new NodeFacts(node.getMetadata().getName(),
                node.getMetadata().getUid(),
                info == null || blank(info.getBootID()) ? UNKNOWN_BOOT : info.getBootID(),
                info == null || info.getKernelVersion() == null ? "" : info.getKernelVersion(),
                Optional.ofNullable(labels.get(GuardKeys.STATE)),
                NodeRisk.fromLabel(labels.get(GuardKeys.OVERRIDE)),
                Times.parse(annotations.get(GuardKeys.SINCE)),
                Optional.ofNullable(annotations.get(GuardKeys.REASON)).filter(r -> !r.isBlank()),
                Optional.ofNullable(annotations.get(GuardKeys.BOOT_ID)).filter(b -> !b.isBlank()),
                AgentCondition.from(conditions),
                readySince(conditions),
                tainted,
                Optional.ofNullable(annotations.get(GuardKeys.EXHAUSTED_BY)).filter(e -> !e.isBlank()));
    }

    /** The state the node is labelled with now; no label (or an unknown value) reads as healthy, as pods see it. */
    public NodeRisk labelled() {
        return stateLabel.flatMap(NodeRisk::fromLabel).orElse(NodeRisk.HEALTHY);
    }

    /** The node as the webhook sees it: the state label and a person's override, the reason annotation. */
    public NodeState state() {
        return new NodeState(name, stateLabel.flatMap(NodeRisk::fromLabel), override, reason);
    }

    /** True when evidence flagged the node under its current boot and it has not recovered since. */
    public boolean flaggedThisBoot() {
        return flaggedBootId.filter(bootId::equals).isPresent();
    }

    /** True when evidence flagged the node under an earlier boot: it has rebooted since. */
    public boolean rebootedSinceFlagged() {
        return flaggedBootId.filter(b -> !b.equals(bootId)).isPresent();
    }

    private static Optional<Instant> readySince(List<NodeCondition> conditions) {
        if (conditions == null) {
            return Optional.empty();
        }
        return conditions.stream()
                .filter(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()))
                .findFirst()
                .flatMap(c -> Times.parse(c.getLastTransitionTime()));
    }

    private static Map<String, String> orEmpty(Map<String, String> map) {
        return map == null ? Map.of() : map;
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
