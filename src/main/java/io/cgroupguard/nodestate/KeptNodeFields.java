package io.cgroupguard.nodestate;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeSpec;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeSystemInfo;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.client.informers.cache.ItemStore;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The Node informer's store: per Node only the fields some consumer reads (labels and annotations for the cache;
 * uid, taints, {@code nodeInfo}'s bootID and kernelVersion and the Ready and {@code CgroupExhausted} conditions for
 * the labeller), in a small record and in {@link CompactFields}' form (repeated values held once, compact maps), so
 * the decoded image list, managedFields and the rest become garbage at once (the Node put is trimmed to the same
 * fields). A Node is made again from the record when fabric8 or a late subscriber asks for one.
 *
 * <p>Not fabric8's {@code ReducedStateItemStore}, which reduces the same way through a Jackson round trip per Node
 * put and another per Node handed back: at start that cost more CPU than decoding the list itself (BENCHMARKS.md,
 * "Starting from 5,000 Nodes"). Not full state either: fabric8 then hands each listed Node to the handlers as it
 * comes rather than holding the whole list until its last page.
 */
final class KeptNodeFields implements ItemStore<Node> {

    private final Map<String, Kept> nodes = new ConcurrentHashMap<>();

    /** The kept fields of one Node; the collections are immutable, and shared with the Nodes made from it. */
    private record Kept(String name, String uid, String resourceVersion, Map<String, String> labels,
                        Map<String, String> annotations, List<Taint> taints, String bootId, String kernel,
                        List<NodeCondition> conditions) {

        static Kept of(Node node) {
            ObjectMeta meta = node.getMetadata();
            NodeStatus status = node.getStatus();
            NodeSystemInfo info = status == null ? null : status.getNodeInfo();
            return new Kept(meta.getName(), meta.getUid(), meta.getResourceVersion(),
                    CompactFields.map(meta.getLabels()), CompactFields.map(meta.getAnnotations()),
                    node.getSpec() == null ? null : CompactFields.taints(node.getSpec().getTaints()),
                    info == null ? null : info.getBootID(),
                    info == null ? null : CompactFields.shared(info.getKernelVersion()),
                    status == null ? null : CompactFields.conditions(status.getConditions()));
        }

        Node node() {
            ObjectMeta meta = new ObjectMeta();
            meta.setName(name);
            meta.setUid(uid);
            meta.setResourceVersion(resourceVersion);
            meta.setLabels(labels);
            meta.setAnnotations(annotations);
            NodeSpec spec = new NodeSpec();
            spec.setTaints(taints);
            NodeSystemInfo info = new NodeSystemInfo();
            info.setBootID(bootId);
            info.setKernelVersion(kernel);
            NodeStatus status = new NodeStatus();
            status.setNodeInfo(info);
            status.setConditions(conditions);
            Node node = new Node();
            node.setMetadata(meta);
            node.setSpec(spec);
            node.setStatus(status);
            return node;
        }
    }

    @Override
    public String getKey(Node node) {
        return node.getMetadata().getName();
    }

    /**
     * Keeps {@code node}'s fields, and trims {@code node} itself to them: fabric8 queues this very Node for every
     * handler after putting it here, and a queue of whole Nodes behind a handler slowed by a busy machine is the
     * memory this store exists to save. Trimmed, a fresh Node also reads exactly as a replayed one.
     */
    @Override
    public Node put(String key, Node node) {
        Kept kept = Kept.of(node);
        Node trimmed = kept.node();
        node.setMetadata(trimmed.getMetadata());
        node.setSpec(trimmed.getSpec());
        node.setStatus(trimmed.getStatus());
        return unkept(nodes.put(key, kept));
    }

    @Override
    public Node remove(String key) {
        return unkept(nodes.remove(key));
    }

    @Override
    public Stream<String> keySet() {
        return nodes.keySet().stream();
    }

    @Override
    public Stream<Node> values() {
        return nodes.values().stream().map(Kept::node);
    }

    @Override
    public int size() {
        return nodes.size();
    }

    @Override
    public Node get(String key) {
        return unkept(nodes.get(key));
    }

    @Override
    public boolean isFullState() {
        return false;
    }

    private static Node unkept(Kept kept) {
        return kept == null ? null : kept.node();
    }
}
