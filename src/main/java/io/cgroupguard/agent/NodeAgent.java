package io.cgroupguard.agent;

import io.cgroupguard.probe.CgroupProbe;
import io.cgroupguard.nodestate.CgroupExhaustedCondition;
import io.cgroupguard.config.AgentConfig;
import io.cgroupguard.config.GuardConfig;
import io.cgroupguard.config.RunMode;
import io.cgroupguard.kube.RetryPolicy;
import io.cgroupguard.nodestate.ClusterDetector;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The agent ({@code agent} mode, one per node) as a CDI bean: at start it checks its settings, builds the client,
 * the probe and the {@link PublishLoop}, and runs the loop's ticks on one thread, each after the wait the last
 * one asked for. What the loop decides (when to write, failure counting, retry delays, readiness) is the
 * {@link PublishLoop}'s and is tested there without Quarkus.
 */
@ApplicationScoped
public class NodeAgent {

    private static final Logger LOG = Logger.getLogger(NodeAgent.class);
    /** Retries start at one second and double up to {@code cgroup-guard.agent.max-retry-delay}. */
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);

    private final GuardConfig guard;
    private final AgentConfig config;
    private final Instance<KubernetesClient> client;
    private final Optional<String> apiServerUrl;
    private final AgentMetrics metrics;
    private final ForecastMetrics forecastMetrics;
    private final Clock clock = Clock.systemUTC();
    private ScheduledExecutorService executor;
    private KubernetesClient agentClient;
    private volatile PublishLoop loop;

    NodeAgent(GuardConfig guard, AgentConfig config, Instance<KubernetesClient> client,
              @ConfigProperty(name = "quarkus.kubernetes-client.api-server-url") Optional<String> apiServerUrl,
              AgentMetrics metrics, ForecastMetrics forecastMetrics) {
        this.guard = guard;
        this.config = config;
        this.client = client;
        this.apiServerUrl = apiServerUrl;
        this.metrics = metrics;
        this.forecastMetrics = forecastMetrics;
    }

    void start(@Observes StartupEvent event) {
        if (guard.mode() != RunMode.AGENT) {
            return;
        }
        // Without a node name there is nothing to publish on, ever: fail at start with the fix in the message.
        String nodeName = config.nodeName().filter(n -> !n.isBlank()).orElseThrow(() -> new IllegalStateException(
                "agent: NODE_NAME is not set; the DaemonSet must set it from the downward API "
                        + "(env NODE_NAME, valueFrom.fieldRef.fieldPath: spec.nodeName)"));
        Optional<String> cluster = ClusterDetector.find(apiServerUrl);
        if (cluster.isPresent()) {
            LOG.infof("agent: node %s, reading %s every %s%s, publishing condition %s via %s", nodeName,
                    config.hostRoot(), config.interval(), config.probe() ? " with the mkdir probe" : "",
                    CgroupExhaustedCondition.TYPE, cluster.get());
        } else {
            LOG.warnf("agent: node %s, reading %s every %s, but no cluster configuration was found (no service "
                    + "account, KUBECONFIG or ~/.kube/config): condition %s cannot be published and every write "
                    + "will be retried", nodeName, config.hostRoot(), config.interval(), CgroupExhaustedCondition.TYPE);
        }
        Optional<RebootSentinel> sentinel = config.rebootSentinel().map(path -> {
            LOG.infof("agent: keeping kured's reboot sentinel %s while the node is exhausted or forecast to run out "
                    + "within %s", path, config.forecastHorizon());
            return new RebootSentinel(path, bootId(config.hostRoot()));
        });
        NodeReader reader = new NodeReader(new CgroupProbe(config.hostRoot()), config.probe(),
                new LeakWatch(config.forecastHorizon(), config.forecastMinHistory()), sentinel, clock,
                metrics, forecastMetrics);
        // The agent's own retry (logged, doubling, capped) replaces the client's silent one, which with an
        // unreachable API server holds a single request for tens of seconds.
        agentClient = new KubernetesClientBuilder().withConfig(new ConfigBuilder(client.get().getConfiguration())
                .withRequestRetryBackoffLimit(0).build()).build();
        loop = new PublishLoop(nodeName, reader, new NodeConditionWriter(agentClient), clock,
                new PublishLoop.Timing(config.interval(), config.heartbeat(),
                        RetryPolicy.unbounded(FIRST_RETRY, config.maxRetryDelay())),
                metrics::recordWriteFailure);
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "cgroup-guard-agent");
            thread.setDaemon(true);
            return thread;
        });
        executor.execute(this::tick);
    }

    /** True once a condition was written and the last write did not fail; the agent's readiness. */
    public boolean publishing() {
        return loop != null && loop.publishing();
    }

    private void tick() {
        Duration next = config.interval();
        try {
            next = loop.tick();
        } catch (RuntimeException e) {
            LOG.error("agent: reading or publishing failed unexpectedly; trying again in " + next, e);
        } finally {
            executor.schedule(this::tick, next.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * The running kernel's boot id, which a reboot changes; the sentinel records it so that after the reboot it
     * asked for, the agent knows its file is spent. The file is the kernel's, the same inside a container.
     */
    private static String bootId(Path hostRoot) {
        try {
            return Files.readString(hostRoot.resolve("proc/sys/kernel/random/boot_id")).strip();
        } catch (IOException e) {
            throw new IllegalStateException("agent: cannot read the boot id the reboot sentinel needs: " + e, e);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        if (executor != null) {
            executor.shutdownNow();
            agentClient.close();
        }
    }
}
