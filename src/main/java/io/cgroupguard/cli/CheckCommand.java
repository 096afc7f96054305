package io.cgroupguard.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cgroupguard.check.CheckResult;
import io.cgroupguard.check.ClusterChecks;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import java.io.PrintStream;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code check}: whether an install works, seen from outside as the API server sees it. One line per check,
 * exit 0 when all pass and 1 otherwise, so a post-install Job or a person can run it. From outside the cluster
 * the Service's name does not resolve: {@code --service-url https://localhost:8443} reaches it through
 * {@code kubectl port-forward}, and the certificate is still verified for the Service's name.
 */
public final class CheckCommand implements Command {

    private static final String USAGE_LINE = "usage: check [--namespace cgroup-guard] [--service cgroup-guard] "
            + "[--service-url https://HOST:PORT] [--probe-namespace default] [--max-condition-age 15m] "
            + "[--output text|json]";

    @Override
    public String name() {
        return "check";
    }

    @Override
    public String summary() {
        return "does the install work? webhooks, certificate, replicas, leader, agents, a dry-run pod";
    }

    @Override
    public int run(List<String> args, PrintStream out, PrintStream err) {
        ClusterChecks.Target target;
        boolean json;
        try {
            Arguments parsed = Arguments.parse(args, Set.of("namespace", "service", "service-url", "probe-namespace",
                    "max-condition-age", "output"), Set.of());
            String output = parsed.option("output").orElse("text");
            if (!parsed.operands().isEmpty() || !(output.equals("text") || output.equals("json"))) {
                throw new IllegalArgumentException(USAGE_LINE);
            }
            json = output.equals("json");
            Optional<URI> url = parsed.option("service-url").map(URI::create);
            if (url.isPresent() && (url.get().getHost() == null || !"https".equals(url.get().getScheme()))) {
                throw new IllegalArgumentException("--service-url must be https://HOST[:PORT], not " + url.get());
            }
            target = new ClusterChecks.Target(parsed.option("namespace").orElse("cgroup-guard"),
                    parsed.option("service").orElse("cgroup-guard"),
                    parsed.option("probe-namespace").orElse("default"),
                    url.map(URI::getHost), url.map(u -> u.getPort() < 0 ? 443 : u.getPort()).orElse(443),
                    NodesCommand.duration(parsed.option("max-condition-age").orElse("15m")));
        } catch (IllegalArgumentException e) {
            err.println("check: " + e.getMessage());
            return Commands.USAGE;
        }
        List<CheckResult> results;
        try (KubernetesClient client = new KubernetesClientBuilder().build()) {
            results = new ClusterChecks(client, target).all(Instant.now());
        } catch (RuntimeException e) {
            err.println("check: cannot reach the cluster: " + e.getMessage());
            return 1;
        }
        print(results, json, out);
        return results.stream().allMatch(CheckResult::ok) ? 0 : 1;
    }

    static void print(List<CheckResult> results, boolean json, PrintStream out) {
        if (!json) {
            results.forEach(r -> out.printf("%-4s %-22s %s%n", r.ok() ? "ok" : "FAIL", r.name(), r.detail()));
            return;
        }
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = mapper.createObjectNode();
        root.put("ok", results.stream().allMatch(CheckResult::ok));
        ArrayNode checks = root.putArray("checks");
        results.forEach(r -> checks.addObject().put("name", r.name()).put("ok", r.ok()).put("detail", r.detail()));
        out.println(root.toPrettyString());
    }
}
