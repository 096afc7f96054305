package io.cgroupguard.agent;

import io.cgroupguard.config.AgentConfig;
import io.cgroupguard.config.GuardConfig;
import io.cgroupguard.config.RunMode;
import io.cgroupguard.nodestate.ClusterDetector;
import io.cgroupguard.nodestate.GuardLabels;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The agent loop ({@code agent} mode, one per node): reads the node's cgroup state every interval and publishes
 * it as the {@code CgroupExhausted} condition on its own node, on change and once per heartbeat. A failed write
 * is retried with a doubling delay; the reading goes on meanwhile, and the log says why nothing is published.
 */
@ApplicationScoped
public class NodeAgent {

    private static final Logger LOG = Logger.getLogger(NodeAgent.class);

    private final GuardConfig guard;
    private final AgentConfig config;
    private final Instance<KubernetesClient> client;
    private final Optional<String> apiServerUrl;
    private final AgentMetrics metrics;
    private final Clock clock = Clock.systemUTC();
    private ScheduledExecutorService executor;
    private CgroupProbe probe;
    private KubernetesClient agentClient;
    private NodeConditionWriter writer;
    private String nodeName;
    private CgroupCondition lastRead;
    private volatile Optional<PublishSchedule.Published> lastWritten = Optional.empty();
    private volatile int failures;

    NodeAgent(GuardConfig guard, AgentConfig config, Instance<KubernetesClient> client,
              @ConfigProperty(name = "quarkus.kubernetes-client.api-server-url") Optional<String> apiServerUrl,
              AgentMetrics metrics) {
        this.guard = guard;
        this.config = config;
        this.client = client;
        this.apiServerUrl = apiServerUrl;
        this.metrics = metrics;
    }

    void start(@Observes StartupEvent event) {
        if (guard.mode() != RunMode.AGENT) {
            return;
        }
        // Without a node name there is nothing to publish on, ever: fail at start with the fix in the message.
        nodeName = config.nodeName().filter(n -> !n.isBlank()).orElseThrow(() -> new IllegalStateException(
                "agent: NODE_NAME is not set; the DaemonSet must set it from the downward API "
                        + "(env NODE_NAME, valueFrom.fieldRef.fieldPath: spec.nodeName)"));
        Optional<String> cluster = ClusterDetector.find(apiServerUrl);
        if (cluster.isPresent()) {
            LOG.infof("agent: node %s, reading %s every %s%s, publishing condition %s via %s", nodeName,
                    config.hostRoot(), config.interval(), config.probe() ? " with the mkdir probe" : "",
                    GuardLabels.CONDITION, cluster.get());
        } else {
            LOG.warnf("agent: node %s, reading %s every %s, but no cluster configuration was found (no service "
                    + "account, KUBECONFIG or ~/.kube/config): condition %s cannot be published and every write "
                    + "will be retried", nodeName, config.hostRoot(), config.interval(), GuardLabels.CONDITION);
        }
        probe = new CgroupProbe(config.hostRoot());
        // The agent's own retry (logged, doubling, capped) replaces the client's silent one, which with an
        // unreachable API server holds a single request for tens of seconds.
        agentClient = new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.get().getConfiguration())
                .withRequestRetryBackoffLimit(0).build()).build();
        writer = new NodeConditionWriter(agentClient);
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "cgroup-guard-agent");
            thread.setDaemon(true);
            return thread;
        });
        executor.execute(this::tick);
    }

    /** True once a condition was written and the last write did not fail; the agent's readiness. */
    public boolean publishing() {
        return lastWritten.isPresent() && failures == 0;
    }

    private void tick() {
        Duration next = config.interval();
        try {
            next = readAndPublish();
        } catch (RuntimeException e) {
            LOG.error("agent: reading or publishing failed unexpectedly; trying again in " + next, e);
        } finally {
            executor.schedule(this::tick, next.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private Duration readAndPublish() {
        CgroupCondition condition = read();
        if (lastRead == null || condition.changedFrom(lastRead)) {
            LOG.infof("agent: node %s %s=%s (%s): %s", nodeName, GuardLabels.CONDITION, condition.status(),
                    condition.reason(), condition.message());
        }
        lastRead = condition;
        Instant now = clock.instant();
        if (!PublishSchedule.due(lastWritten, condition, now, config.heartbeat())) {
            return config.interval();
        }
        try {
            writer.write(nodeName, condition, now);
        } catch (KubernetesClientException e) {
            failures++;
            metrics.recordWriteFailure();
            Duration delay = PublishSchedule.retryDelay(failures, config.maxRetryDelay());
            LOG.warnf("agent: cannot write %s=%s on node %s (failure %d, retrying in %.1fs): %s",
                    GuardLabels.CONDITION, condition.status(), nodeName, failures, delay.toMillis() / 1000.0, why(e));
            return delay;
        }
        if (failures > 0) {
            LOG.infof("agent: condition %s written on node %s after %d failed attempts", GuardLabels.CONDITION,
                    nodeName, failures);
        }
        failures = 0;
        lastWritten = Optional.of(new PublishSchedule.Published(condition, now));
        return config.interval();
    }

    private CgroupCondition read() {
        try {
            CgroupReading reading = probe.read(config.probe());
            metrics.recordReading(reading, clock.instant());
            return CgroupCondition.of(CgroupAssessment.assess(reading));
        } catch (CgroupReadException e) {
            metrics.recordReadFailure();
            return CgroupCondition.unreadable(e.getMessage());
        }
    }

    /** The client's message and the cause underneath it (an unknown host, a refused connection, a 403). */
    private static String why(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.getMessage() : e.getMessage() + " (" + root + ")";
    }

    void stop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
            agentClient.close();
        }
    }
}
