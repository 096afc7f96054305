package io.cgroupguard.remediation;

import io.cgroupguard.kube.Durations;
import io.cgroupguard.kube.GuardedRequests;
import io.cgroupguard.nodestate.NodeState;
import io.cgroupguard.stuckpods.PodEventRecorder;
import io.cgroupguard.stuckpods.PodFacts;
import io.cgroupguard.stuckpods.StuckPodHandler;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Opt-in remediation on the leader: evicts eligible stuck pods ({@link EvictionEligibility}) through the Eviction
 * API, so PodDisruptionBudgets are respected, within the {@link EvictionBudget}. A refusal (HTTP 429) is tried
 * again after a wait, never forced. Every eviction leaves an Event on the pod; in dry-run only the Event naming
 * the eviction is written. The stuck-pod sweep hands it each stuck pod, on the sweep's one thread.
 */
public final class Remediator implements StuckPodHandler {

    private static final Logger LOG = Logger.getLogger(Remediator.class);
    static final String EVICTED = "CgroupGuardEvicted";
    static final String WOULD_EVICT = "CgroupGuardWouldEvict";

    private final GuardedRequests requests;
    private final KubernetesClient evictions;
    private final PodEventRecorder events;
    private final RemediationSettings settings;
    private final EvictionBudget budget;
    private final RemediationMetrics metrics;
    private final Clock clock;
    /** Pods not to try before an instant: after a refusal, a failure, or an eviction already done. */
    private final Map<String, Instant> notBefore = new HashMap<>();
    /** Pods whose skip cause or dry-run Event was counted already, so each counts once. */
    private final Set<String> counted = new HashSet<>();

    public Remediator(GuardedRequests requests, PodEventRecorder events, RemediationSettings settings,
               RemediationMetrics metrics, Clock clock) {
        this.requests = requests;
        this.evictions = withoutRetries(requests.client());
        this.events = events;
        this.settings = settings;
        this.budget = new EvictionBudget(settings.evictionsPerMinute(), settings.nodeEvictionsPerMinute(), clock);
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Whether remediation will move this pod (its Event says so): evicting, not dry-run, and eligible in kind. */
    @Override
    public boolean willMove(PodFacts pod, Optional<Instant> nodeSince) {
        Optional<EvictionEligibility.Skip> skip = EvictionEligibility.skip(pod, nodeSince, clock.instant(),
                settings.grace(), settings.exemptNamespaces());
        return !settings.dryRun() && skip.filter(s -> s != EvictionEligibility.Skip.WITHIN_GRACE).isEmpty();
    }

    /** Acts on one stuck pod; called at every sweep while the pod stays stuck. */
    @Override
    public void act(PodFacts pod, NodeState node, Optional<Instant> nodeSince) throws InterruptedException {
        String key = key(pod);
        Instant now = clock.instant();
        if (notBefore.containsKey(key) && now.isBefore(notBefore.get(key))) {
            return;
        }
        Optional<EvictionEligibility.Skip> skip = EvictionEligibility.skip(pod, nodeSince, now, settings.grace(),
                settings.exemptNamespaces());
        if (skip.isPresent()) {
            if (skip.get() != EvictionEligibility.Skip.WITHIN_GRACE && counted.add(key)) {
                metrics.evictionSkipped(skip.get().tag());
            }
            return;
        }
        if (settings.dryRun() && counted.contains(key)) {
            return;
        }
        if (!budget.take(node.name())) {
            metrics.evictionSkipped("rate-limited");
            return;
        }
        String why = "node " + node.name() + " has run out of memory cgroups (" + node.quotedExplanation()
                + "), so that its " + pod.owner().map(o -> o.kind() + " " + o.name()).orElse("controller")
                + " recreates it on another node";
        if (settings.dryRun()) {
            counted.add(key);
            metrics.eviction("dry-run");
            events.recordOnce(pod, WOULD_EVICT, "Dry run (cgroup-guard.remediation.dry-run=true): cgroup-guard would "
                    + "evict this pod now: " + why + ".");
            return;
        }
        Optional<Boolean> evicted = requests.send("evict pod " + pod.namespace() + "/" + pod.name(),
                () -> evictions.pods().inNamespace(pod.namespace()).withName(pod.name()).evict());
        notBefore.put(key, now.plus(settings.retryAfter()));
        if (evicted.isEmpty()) {
            metrics.eviction("failed");
        } else if (!evicted.get()) {
            // 429: a PodDisruptionBudget allows no disruption now. Wait and ask again; never delete instead.
            LOG.infof("eviction of %s/%s refused (disruption budget); trying again in %s", pod.namespace(),
                    pod.name(), Durations.human(settings.retryAfter()));
            metrics.eviction("refused");
        } else {
            LOG.infof("evicted %s/%s from exhausted node %s", pod.namespace(), pod.name(), node.name());
            metrics.eviction("evicted");
            events.recordOnce(pod, EVICTED, "Evicted by cgroup-guard: " + why + ".");
        }
    }

    /**
     * The client evictions go through: the shared client's settings without its own retries. The HTTP client
     * retries a 429 with exponential backoff for up to about 100 s before giving up, holding up the sweep for
     * every pod a disruption budget protects; a refused eviction is instead tried again after
     * {@code retry-after}, at a later sweep.
     */
    private static KubernetesClient withoutRetries(KubernetesClient client) {
        return new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(client.getConfiguration()).withRequestRetryBackoffLimit(0).build())
                .build();
    }

    @Override
    public void close() {
        evictions.close();
    }

    /** Forgets pods no longer stuck, so memory follows the stuck pods. */
    @Override
    public void retain(List<PodFacts> stuck) {
        Set<String> keys = new HashSet<>();
        stuck.forEach(pod -> keys.add(key(pod)));
        notBefore.keySet().retainAll(keys);
        counted.retainAll(keys);
    }

    /** A pod's key: its uid too, so a pod recreated under the same name starts afresh. */
    private static String key(PodFacts pod) {
        return pod.namespace() + "/" + pod.name() + "/" + pod.uid();
    }
}
