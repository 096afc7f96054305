package io.cgroupguard.bench;

import io.cgroupguard.nodestate.GuardKeys;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a node list shaped like {@code kubectl get nodes -o json} output of a large cluster, for benchmarks:
 * every node with the labels, annotations and status a real node carries, one in a hundred exhausted.
 */
public final class NodeListGenerator {

    private NodeListGenerator() {
    }

    /** {@code java ... NodeListGenerator OUT.json [COUNT]}: writes COUNT nodes (default 5000). */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 5000;
        try (Writer w = Files.newBufferedWriter(out)) {
            write(w, count);
        }
        System.out.println("wrote " + count + " nodes (" + count / 100 + " exhausted) to " + out);
    }

    /** The name of node {@code i}; exhausted ones are those with {@code i % 100 == 0}. */
    public static String name(int i) {
        return String.format("node-%05d", i);
    }

    static void write(Writer w, int count) throws IOException {
        w.write("{\"apiVersion\":\"v1\",\"kind\":\"List\",\"items\":[\n");
        for (int i = 0; i < count; i++) {
            boolean exhausted = i % 100 == 0;
            boolean atRisk = !exhausted && i % 10 == 0;
            String state = exhausted ? "exhausted" : atRisk ? "at-risk" : "healthy";
            w.write(i == 0 ? "" : ",\n");
            w.write("{\"apiVersion\":\"v1\",\"kind\":\"Node\",\"metadata\":{\"name\":\"" + name(i) + "\",");
            w.write("\"uid\":\"" + java.util.UUID.nameUUIDFromBytes(name(i).getBytes()) + "\",");
            w.write("\"labels\":{\"beta.kubernetes.io/arch\":\"amd64\",\"beta.kubernetes.io/os\":\"linux\","
                    + "\"kubernetes.io/arch\":\"amd64\",\"kubernetes.io/hostname\":\"" + name(i) + "\","
                    + "\"kubernetes.io/os\":\"linux\",\"node-role.kubernetes.io/worker\":\"\","
                    + "\"topology.kubernetes.io/region\":\"eu-west-1\",\"topology.kubernetes.io/zone\":\"eu-west-1"
                    + (char) ('a' + i % 3) + "\",\"node.kubernetes.io/instance-type\":\"m5.2xlarge\","
                    + "\"" + GuardKeys.STATE + "\":\"" + state + "\"},");
            w.write("\"annotations\":{\"node.alpha.kubernetes.io/ttl\":\"0\","
                    + "\"volumes.kubernetes.io/controller-managed-attach-detach\":\"true\","
                    + "\"kubeadm.alpha.kubernetes.io/cri-socket\":\"unix:///var/run/containerd/containerd.sock\""
                    + (exhausted ? ",\"" + GuardKeys.REASON + "\":\"kubelet reported 70 failed memory cgroup "
                    + "creations (mkdir /sys/fs/cgroup/memory/kubepods/...: no space left on device) in 15 minutes\","
                    + "\"" + GuardKeys.SINCE + "\":\"2026-11-26T09:12:44Z\"" : "") + "}},");
            w.write("\"spec\":{\"podCIDR\":\"10." + (i / 256) % 256 + "." + i % 256 + ".0/24\"},");
            w.write("\"status\":{\"nodeInfo\":{\"kernelVersion\":\"" + (atRisk || exhausted
                    ? "3.10.0-1160.el7.x86_64" : "5.15.0-91-generic") + "\",\"kubeletVersion\":\"v1.18.20\","
                    + "\"containerRuntimeVersion\":\"docker://19.3.15\",\"osImage\":\"CentOS Linux 7 (Core)\","
                    + "\"bootID\":\"" + java.util.UUID.nameUUIDFromBytes(("boot" + i).getBytes()) + "\"},");
            w.write("\"images\":[");
            for (int k = 0; k < 20; k++) {
                w.write((k == 0 ? "" : ",") + "{\"names\":[\"registry.example.com/team" + k + "/app@sha256:"
                        + "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef\",\"registry.example.com/"
                        + "team" + k + "/app:1." + k + "\"],\"sizeBytes\":" + (100_000_000L + k) + "}");
            }
            w.write("]}}");
        }
        w.write("\n]}\n");
    }
}
