package io.cgroupguard.labeller;

import io.cgroupguard.kube.GuardEvent;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/** Seeds a mock cluster with nodes and kubelet events, and waits for what the labeller should do. */
public final class ClusterFixtures {

    public static final String ENOSPC = "unable to ensure pod container exists: failed to create container for "
            + "[kubepods burstable pod1] : mkdir /sys/fs/cgroup/memory/kubepods/burstable/pod1: "
            + "no space left on device";

    private ClusterFixtures() {
    }

    public static Node node(String name, String bootId, String kernel, Map<String, String> labels) {
        return new NodeBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewStatus().withNewNodeInfo().withBootID(bootId).withKernelVersion(kernel).endNodeInfo()
                .endStatus().build();
    }

    public static void createNode(KubernetesClient client, String name, String bootId, String kernel,
                           Map<String, String> labels) {
        client.nodes().resource(node(name, bootId, kernel, labels)).create();
    }

    public static void kubeletWarning(KubernetesClient client, String name, String host, String message, int count) {
        Instant now = Instant.now();
        Event event = new EventBuilder().withNewMetadata().withName(name).withNamespace("default").endMetadata()
                .withType("Warning").withReason("FailedCreatePodContainer").withMessage(message).withCount(count)
                .withFirstTimestamp(now.toString()).withLastTimestamp(now.toString())
                .withNewSource().withComponent("kubelet").withHost(host).endSource()
                .withNewInvolvedObject().withKind("Pod").withNamespace("default").withName("pod-" + name)
                .endInvolvedObject().build();
        client.v1().events().inNamespace("default").resource(event).create();
    }

    public static String label(KubernetesClient client, String node, String key) {
        Map<String, String> labels = client.nodes().withName(node).get().getMetadata().getLabels();
        return labels == null ? null : labels.get(key);
    }

    public static String annotation(KubernetesClient client, String node, String key) {
        Map<String, String> annotations = client.nodes().withName(node).get().getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(key);
    }

    /** The Events the guard recorded about a node. */
    public static List<Event> guardEvents(KubernetesClient client, String node) {
        return client.v1().events().inNamespace(NodeWriter.EVENT_NAMESPACE).list().getItems().stream()
                .filter(e -> e.getSource() != null && GuardEvent.COMPONENT.equals(e.getSource().getComponent()))
                .filter(e -> node.equals(e.getInvolvedObject().getName()))
                .toList();
    }

    public static void await(String what, Duration timeout, BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (condition.getAsBoolean()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not within " + timeout.toSeconds() + "s: " + what);
    }
}
