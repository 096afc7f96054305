package io.cgroupguard.stuckpods;

import io.cgroupguard.kube.Times;
import io.cgroupguard.nodestate.GuardKeys;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the stuck-pod check knows of one pod: the few fields it reads, so the leader keeps no whole Pods.
 *
 * @param namespace the pod's namespace
 * @param name      the pod's name
 * @param uid       the pod's uid, for the involvedObject of the Event written about it
 * @param node      {@code spec.nodeName}, empty while unbound
 * @param phase     {@code status.phase}, {@code Pending} when absent (as the API server defaults it)
 * @param deleting  whether {@code metadata.deletionTimestamp} is set: the pod is already on its way out
 * @param running   whether any container (init containers included) is running: its cgroups were created
 * @param boundAt   when the pod was bound: its {@code PodScheduled=True} transition, else its creation time
 * @param owner     the owner reference marked {@code controller: true}, empty for a bare pod
 * @param exempt    whether the pod is labelled {@code cgroup-guard.io/exempt=true}
 * @param mirror    whether it is a static pod's mirror (annotation {@code kubernetes.io/config.mirror})
 */
public record PodFacts(String namespace, String name, String uid, Optional<String> node, String phase,
                       boolean deleting, boolean running, Optional<Instant> boundAt, Optional<Owner> owner,
                       boolean exempt, boolean mirror) {

    /** A pod's controller, as its owner reference names it. */
    public record Owner(String kind, String name) {
    }

    /** The annotation kubelet puts on the API copy (mirror) of a static pod. */
    static final String MIRROR = "kubernetes.io/config.mirror";

    /** Fields the informer store keeps: exactly what {@link #of(Pod)} reads. */
    static final String[] FIELDS = {"metadata.uid", "metadata.labels", "metadata.annotations",
            "metadata.creationTimestamp", "metadata.deletionTimestamp", "metadata.ownerReferences", "spec.nodeName", "status.phase", "status.conditions",
            "status.containerStatuses", "status.initContainerStatuses"};

    /** Reads a pod; spec, status and every list in them may be absent. */
    public static PodFacts of(Pod pod) {
        var meta = pod.getMetadata();
        var status = pod.getStatus();
        String phase = status == null || status.getPhase() == null ? "Pending" : status.getPhase();
        boolean running = status != null && (anyRunning(status.getContainerStatuses())
                || anyRunning(status.getInitContainerStatuses()));
        Optional<Instant> scheduled = status == null || status.getConditions() == null ? Optional.empty()
                : status.getConditions().stream()
                .filter(c -> "PodScheduled".equals(c.getType()) && "True".equals(c.getStatus()))
                .map(PodCondition::getLastTransitionTime).findFirst().flatMap(Times::parse);
        Optional<Owner> owner = meta.getOwnerReferences() == null ? Optional.empty()
                : meta.getOwnerReferences().stream().filter(r -> Boolean.TRUE.equals(r.getController()))
                .findFirst().map(PodFacts::owner);
        return new PodFacts(meta.getNamespace(), meta.getName(), meta.getUid(),
                Optional.ofNullable(pod.getSpec() == null ? null : pod.getSpec().getNodeName())
                        .filter(n -> !n.isBlank()),
                phase, meta.getDeletionTimestamp() != null, running,
                scheduled.or(() -> Times.parse(meta.getCreationTimestamp())), owner,
                meta.getLabels() != null && "true".equals(meta.getLabels().get(GuardKeys.EXEMPT)),
                meta.getAnnotations() != null && meta.getAnnotations().containsKey(MIRROR));
    }

    private static boolean anyRunning(List<ContainerStatus> containers) {
        return containers != null && containers.stream()
                .anyMatch(c -> c.getState() != null && c.getState().getRunning() != null);
    }

    private static Owner owner(OwnerReference ref) {
        return new Owner(ref.getKind(), ref.getName());
    }
}
