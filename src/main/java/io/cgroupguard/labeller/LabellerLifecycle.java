package io.cgroupguard.labeller;

import io.cgroupguard.config.GuardConfig;
import io.cgroupguard.config.LabellerConfig;
import io.cgroupguard.config.RemediationConfig;
import io.cgroupguard.config.StuckPodsConfig;
import io.cgroupguard.nodestate.NodeSources;
import io.cgroupguard.remediation.RemediationMetrics;
import io.cgroupguard.remediation.RemediationSettings;
import io.cgroupguard.stuckpods.NodePodSource;
import io.cgroupguard.stuckpods.StuckPodMetrics;
import io.cgroupguard.stuckpods.StuckPodSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Decides whether this process runs the labeller (enabled, against a cluster as
 * {@link NodeSources} decided) and if so enters it into the election for the Lease {@code cgroup-guard} in the
 * guard's namespace. Other beans that are {@link LeaderDuty leader duties} (the TLS Secret's manager) run on the
 * same Lease, so one replica does all the writing, even with the labeller switched off.
 */
@ApplicationScoped
public class LabellerLifecycle {

    private static final Logger LOG = Logger.getLogger(LabellerLifecycle.class);
    /** The Lease's name; the RBAC Role grants exactly this one. */
    public static final String LEASE = "cgroup-guard";

    private final GuardConfig guard;
    private final LabellerConfig config;
    private final NodeSources sources;
    private final Instance<KubernetesClient> client;
    private final KubeletEventSource events;
    private final NodePodSource pods;
    private final StuckPodsConfig stuck;
    private final StuckPodMetrics metrics;
    private final RemediationConfig remediation;
    private final Instance<LeaderDuty> leaderDuties;
    private final LabellerMetrics labelling;
    private final RemediationMetrics evictions;
    private LeaderElectedLabeller candidate;

    LabellerLifecycle(GuardConfig guard, LabellerConfig config, NodeSources sources, Instance<KubernetesClient> client,
                      KubeletEventSource events, NodePodSource pods, StuckPodsConfig stuck, StuckPodMetrics metrics,
                      RemediationConfig remediation, LabellerMetrics labelling, RemediationMetrics evictions,
                      @Any Instance<LeaderDuty> leaderDuties) {
        this.guard = guard;
        this.config = config;
        this.sources = sources;
        this.client = client;
        this.events = events;
        this.pods = pods;
        this.stuck = stuck;
        this.metrics = metrics;
        this.remediation = remediation;
        this.leaderDuties = leaderDuties;
        this.labelling = labelling;
        this.evictions = evictions;
    }

    void start(@Observes StartupEvent event) {
        if (sources.cluster().isEmpty()) {
            LOG.info("standalone: the labeller runs only against a cluster");
            return;
        }
        List<LeaderDuty> duties = new ArrayList<>();
        String identity = identity();
        if (config.enabled()) {
            Labeller.Inputs inputs = new Labeller.Inputs(sources.nodeFeed().orElseThrow(), events, pods, metrics,
                    labelling, evictions);
            duties.add(LeaderElectedLabeller.labelling(inputs,
                    new Labeller.Options(LabellerSettings.from(config), config.taint(), config.writesPerSecond(),
                            config.resyncInterval(), identity, StuckPodSettings.from(stuck),
                            RemediationSettings.from(remediation, guard.exemptNamespaces()))));
        } else {
            LOG.info("labeller disabled (cgroup-guard.labeller.enabled=false)");
        }
        leaderDuties.stream().filter(LeaderDuty::enabled).forEach(duties::add);
        if (duties.isEmpty()) {
            return;
        }
        candidate = new LeaderElectedLabeller(client.get(), guard.namespace(), LEASE,
                new LeaderElectedLabeller.Timing(config.leaseDuration(), config.renewDeadline(), config.retryPeriod()),
                identity, duties);
        candidate.start();
    }

    /**
     * The pod name says which replica leads; the random suffix keeps a restarted container from taking over the
     * Lease its previous incarnation held as if it had never stopped.
     */
    private static String identity() {
        return Optional.ofNullable(System.getenv("HOSTNAME")).filter(h -> !h.isBlank()).orElse(LEASE)
                + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** This replica's candidacy, when it runs the labeller at all. */
    public Optional<LeaderElectedLabeller> candidate() {
        return Optional.ofNullable(candidate);
    }

    void stop(@Observes ShutdownEvent event) {
        if (candidate != null) {
            candidate.close();
        }
    }
}
