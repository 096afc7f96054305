package io.cgroupguard.agent;

import io.cgroupguard.apiclient.ApiClient;
import io.cgroupguard.apiclient.ApiEndpoint;
import io.cgroupguard.apiclient.ApiException;
import io.cgroupguard.console.ConsoleLog;
import io.cgroupguard.kube.RetryPolicy;
import io.cgroupguard.nodestate.CgroupExhaustedCondition;
import io.cgroupguard.plainhttp.HealthAndMetricsServer;
import io.cgroupguard.plainhttp.PrometheusText;
import io.cgroupguard.probe.CgroupProbe;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The agent ({@code agent} mode, one per node) as a plain process: from its {@link AgentSettings} it builds the
 * probe, the API client and the {@link PublishLoop}, runs the loop's ticks on one thread, each after the wait the
 * last one asked for, and serves health and metrics. No framework: a DaemonSet pod on every node should cost
 * little memory (BENCHMARKS.md, footprint). What the loop decides is the {@link PublishLoop}'s, tested there.
 */
public final class AgentProcess implements AutoCloseable {

    private static final ConsoleLog LOG = ConsoleLog.of(AgentProcess.class);
    /** Retries start at one second and double up to {@code cgroup-guard.agent.max-retry-delay}. */
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    /** The readiness check's name in {@code /q/health/ready}, as it was under SmallRye Health. */
    public static final String READINESS_CHECK = "cgroup-condition";

    private final AgentSettings settings;
    private final PublishLoop loop;
    private final AgentMetrics metrics = new AgentMetrics();
    private final ForecastMetrics forecastMetrics = new ForecastMetrics();
    private final ScheduledExecutorService executor;
    private final HealthAndMetricsServer server;

    /**
     * Builds the agent and binds its ports; {@link #start} starts it.
     *
     * @param endpoint the API server; empty when none was found, and then every write fails and is retried
     */
    public AgentProcess(AgentSettings settings, Optional<ApiEndpoint> endpoint, Clock clock) throws IOException {
        this.settings = settings;
        Optional<RebootSentinel> sentinel = settings.rebootSentinel()
                .map(path -> new RebootSentinel(path, bootId(settings.hostRoot())));
        NodeReader reader = new NodeReader(new CgroupProbe(settings.hostRoot()), settings.probe(),
                new LeakWatch(settings.forecastHorizon(), settings.forecastMinHistory()), sentinel, clock,
                metrics, forecastMetrics);
        ConditionWriter writer = endpoint.<ConditionWriter>map(e -> new NodeStatusWriter(new ApiClient(e)))
                .orElse((node, condition, now) -> {
                    throw new ApiException(0, "no cluster configuration: not in a pod (no service account) and "
                            + "no KUBERNETES_MASTER");
                });
        loop = new PublishLoop(settings.nodeName(), reader, writer, clock,
                new PublishLoop.Timing(settings.interval(), settings.heartbeat(),
                        RetryPolicy.unbounded(FIRST_RETRY, settings.maxRetryDelay())),
                metrics::recordWriteFailure);
        log(endpoint);
        server = new HealthAndMetricsServer(address(settings.http()), address(settings.management()),
                READINESS_CHECK, loop::publishing, this::metricsPage);
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "cgroup-guard-agent");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Serves health and metrics and takes the first reading at once. */
    public void start() {
        server.start();
        executor.execute(this::tick);
        LOG.infof("agent: health on http://%s:%d/q/health, metrics on http://%s:%d/q/metrics",
                settings.http().host(), server.httpPort(), settings.management().host(), server.managementPort());
    }

    /** True once a condition was written and the last write did not fail; the agent's readiness. */
    public boolean publishing() {
        return loop.publishing();
    }

    public int httpPort() {
        return server.httpPort();
    }

    public int managementPort() {
        return server.managementPort();
    }

    /** Stops reading and serving; a tick in progress is interrupted (its write fails and is not retried). */
    @Override
    public void close() {
        executor.shutdownNow();
        server.close();
    }

    private void tick() {
        Duration next = settings.interval();
        try {
            next = loop.tick();
        } catch (RuntimeException e) {
            LOG.error("agent: reading or publishing failed unexpectedly; trying again in " + next, e);
        } finally {
            if (!executor.isShutdown()) {
                executor.schedule(this::tick, next.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private String metricsPage() {
        PrometheusText page = new PrometheusText();
        metrics.writeTo(page);
        forecastMetrics.writeTo(page);
        return page.toString();
    }

    private void log(Optional<ApiEndpoint> endpoint) {
        if (endpoint.isPresent()) {
            LOG.infof("agent: node %s, reading %s every %s%s, publishing condition %s via %s", settings.nodeName(),
                    settings.hostRoot(), settings.interval(), settings.probe() ? " with the mkdir probe" : "",
                    CgroupExhaustedCondition.TYPE, endpoint.get().source());
        } else {
            LOG.warnf("agent: node %s, reading %s every %s, but no cluster configuration was found (no service "
                    + "account, no KUBERNETES_MASTER): condition %s cannot be published and every write will be "
                    + "retried", settings.nodeName(), settings.hostRoot(), settings.interval(),
                    CgroupExhaustedCondition.TYPE);
        }
        settings.rebootSentinel().ifPresent(path -> LOG.infof("agent: keeping kured's reboot sentinel %s while the "
                + "node is exhausted or forecast to run out within %s", path, settings.forecastHorizon()));
    }

    private static InetSocketAddress address(AgentSettings.Listener listener) {
        return new InetSocketAddress(listener.host(), listener.port());
    }

    /**
     * The running kernel's boot id, which a reboot changes; the sentinel records it so that after the reboot it
     * asked for, the agent knows its file is spent. The file is the kernel's, the same inside a container.
     */
    private static String bootId(Path hostRoot) {
        try {
            return Files.readString(hostRoot.resolve("proc/sys/kernel/random/boot_id")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("agent: cannot read the boot id the reboot sentinel needs: " + e, e);
        }
    }
}
