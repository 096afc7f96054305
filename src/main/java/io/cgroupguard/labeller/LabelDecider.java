package io.cgroupguard.labeller;

import io.cgroupguard.nodestate.ExhaustionForecast;
import io.cgroupguard.nodestate.KernelVersion;
import io.cgroupguard.nodestate.GuardKeys;
import io.cgroupguard.nodestate.NodeRisk;
import io.cgroupguard.remedy.KmemReport;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Decides one node's state (its result is a {@link Decision}), as a pure function of the node's facts, its kubelet evidence, the
 * settings and the time. Evidence, strongest first (DESIGN.md, "Labeller contract"):
 * <ol>
 *   <li>the agent's {@code CgroupExhausted=True} makes the node exhausted at once;</li>
 *   <li>{@code threshold} failed cgroup creations within {@code window} make it exhausted;</li>
 *   <li>the agent's at-risk report, or a kernel that leaks memcg ids, make an otherwise quiet node at-risk.</li>
 * </ol>
 * An exhausted node stays exhausted (its {@code boot-id} annotation carries that across restarts of the leader)
 * until it reboots, or the agent reports headroom and no evidence came for {@code quietPeriod}: pods avoid a
 * flagged node, so silence alone says nothing about its health. A person's override wins over all of it.
 */
public final class LabelDecider {

    /** How every reason of an overridden node begins, so a reader (and the writer) can tell. */
    public static final String OVERRIDDEN = "an operator set " + GuardKeys.OVERRIDE + "=";

    private final LabellerSettings settings;

    public LabelDecider(LabellerSettings settings) {
        this.settings = settings;
    }

    /** How the reason of a node overridden to {@code override} begins while the evidence says {@code evidence}. */
    public static String overridden(NodeRisk override, NodeRisk evidence) {
        return OVERRIDDEN + override.label() + "; the evidence alone says " + evidence.label();
    }

    public Decision decide(NodeFacts node, NodeEvidence evidence, Instant now) {
        List<Occurrence> counted = countable(node, evidence);
        Instant windowStart = now.minus(settings.window());
        int inWindow = counted.stream().filter(o -> !o.lastSeen().isBefore(windowStart))
                .mapToInt(Occurrence::count).sum();
        Optional<Occurrence> latest = counted.stream().max(Comparator.comparing(Occurrence::lastSeen));
        Optional<AgentCondition> agent = node.agent();
        AgentCondition.Signal signal = agent.map(AgentCondition::signal).orElse(AgentCondition.Signal.NONE);

        Verdict verdict;
        if (signal == AgentCondition.Signal.EXHAUSTED) {
            verdict = new Verdict(NodeRisk.EXHAUSTED, "the node agent reports " + agent.get().describe());
        } else if (inWindow >= settings.threshold()) {
            verdict = new Verdict(NodeRisk.EXHAUSTED, "kubelet reported " + failures(inWindow) + " in the last "
                    + Durations.human(settings.window()) + " (threshold " + settings.threshold() + "); latest: "
                    + latest.get().failure());
        } else if (node.flaggedThisBoot()) {
            verdict = stillExhaustedOrRecovered(node, agent, signal, latest, now)
                    .orElseGet(() -> recovered(quiet(node, inWindow)));
        } else {
            verdict = quiet(node, inWindow);
            if (node.rebootedSinceFlagged() && node.labelled() == NodeRisk.EXHAUSTED) {
                verdict = new Verdict(verdict.state, "rebooted since it was flagged (boot ID "
                        + node.flaggedBootId().get() + " is now " + node.bootId() + "), " + verdict.reason, verdict.exhaustedBy);
            }
        }

        NodeRisk effective = node.override().orElse(verdict.state);
        String reason = node.override().isPresent()
                ? overridden(effective, verdict.state) + ": " + verdict.reason
                : verdict.reason;
        boolean changed = !node.stateLabel().orElse(NodeRisk.HEALTHY.label()).equals(effective.label());
        Optional<Instant> since = changed ? Optional.of(now) : node.since();
        return new Decision(node.name(), effective, verdict.state, node.override(), reason, since,
                flaggedBootId(node, verdict.state), changed, verdict.exhaustedBy.map(ExhaustionForecast::runsOut));
    }

    /**
     * The occurrences that still count: those not from before a reboot. When the labeller saw the bootID change,
     * that moment is the line; when the node carries the boot-id of an earlier boot (the leader changed, or this
     * is a snapshot), the line is when it last became Ready, which after a real reboot is when it came back.
     */
    private static List<Occurrence> countable(NodeFacts node, NodeEvidence evidence) {
        Optional<Instant> derived = node.rebootedSinceFlagged() ? node.readySince().or(node::since) : Optional.empty();
        Optional<Instant> floor = Stream.of(evidence.bootSeenAt(), derived).flatMap(Optional::stream)
                .max(Comparator.naturalOrder());
        return evidence.occurrences().stream()
                .filter(o -> floor.isEmpty() || !o.lastSeen().isBefore(floor.get()))
                .toList();
    }

    /** Keeps a node flagged under this boot exhausted, unless the agent reports headroom after a quiet period. */
    private Optional<Verdict> stillExhaustedOrRecovered(NodeFacts node, Optional<AgentCondition> agent,
                                                        AgentCondition.Signal signal, Optional<Occurrence> latest,
                                                        Instant now) {
        String flagged = node.since().map(s -> "flagged at " + s).orElse("flagged");
        if (signal != AgentCondition.Signal.HEADROOM) {
            String agentSays = agent.map(a -> "the node agent reports " + a.describe())
                    .orElse("no node agent reports on it");
            return Optional.of(new Verdict(NodeRisk.EXHAUSTED, "still exhausted (" + flagged
                    + "): not cleared until the node agent reports headroom or the node reboots; " + agentSays));
        }
        Optional<Instant> lastEvidence = Stream.of(latest.map(Occurrence::lastSeen), agent.get().lastTransition())
                .flatMap(Optional::stream).max(Comparator.naturalOrder());
        if (lastEvidence.isPresent() && lastEvidence.get().plus(settings.quietPeriod()).isAfter(now)) {
            return Optional.of(new Verdict(NodeRisk.EXHAUSTED, "still exhausted (" + flagged
                    + "): the node agent reports headroom, but the last evidence was at " + lastEvidence.get()
                    + ", less than the quiet period of " + Durations.human(settings.quietPeriod()) + " ago"));
        }
        return Optional.empty();
    }

    private Verdict recovered(Verdict fresh) {
        return new Verdict(fresh.state, "recovered: the node agent reports headroom and no evidence came for "
                + Durations.human(settings.quietPeriod()) + "; " + fresh.reason, fresh.exhaustedBy);
    }

    /** The state of a node with no exhaustion evidence: at-risk on an agent warning or a leaking kernel. */
    private Verdict quiet(NodeFacts node, int inWindow) {
        String below = inWindow == 0 ? "" : "; kubelet reported " + failures(inWindow) + " in the last "
                + Durations.human(settings.window()) + ", under the threshold of " + settings.threshold();
        Optional<AgentCondition> agent = node.agent();
        if (agent.isPresent() && agent.get().signal() == AgentCondition.Signal.AT_RISK) {
            // The agent writes its forecast into the message only while it falls within its horizon.
            Optional<ExhaustionForecast> forecast = ExhaustionForecast.in(agent.get().message());
            String forecasts = forecast.map(f -> "the node agent forecasts its memory cgroup ids run out at "
                    + f.runsOut() + ", " + ExhaustionForecast.rate(f.idsPerHour()) + "; ").orElse("");
            return new Verdict(NodeRisk.AT_RISK, forecasts + "the node agent reports " + agent.get().describe()
                    + below, forecast);
        }
        Optional<KernelVersion> kernel = KernelVersion.parse(node.kernel());
        // Such a kernel leaks only memcgs that kmem was charged to; where the agent read kmem accounting off
        // (cgroup.memory=nokmem), the node needs no fix (remedy.FixDecision) and is not at risk from its kernel.
        boolean kmemOff = agent.filter(a -> KmemReport.fromConditionMessage(a.message()) == KmemReport.OFF)
                .isPresent();
        if (kernel.isPresent() && kernel.get().leaksMemoryCgroupIds() && kmemOff) {
            return new Verdict(NodeRisk.HEALTHY, "no evidence of memory cgroup exhaustion; kernel " + node.kernel()
                    + " leaks memory cgroups only with kmem accounting on, and the node agent reads it off" + below);
        }
        if (kernel.isPresent() && kernel.get().leaksMemoryCgroupIds()) {
            return new Verdict(NodeRisk.AT_RISK, "kernel " + node.kernel() + " is older than "
                    + KernelVersion.LEAK_FIXED + " and runs cgroup v1, where removed memory cgroups keep their ids"
                    + below);
        }
        return new Verdict(NodeRisk.HEALTHY, "no evidence of memory cgroup exhaustion" + below);
    }

    /**
     * The {@code boot-id} annotation the node should carry: the current bootID while evidence holds it exhausted;
     * the old one after a reboot (it tells the next leader that evidence before the reboot is void); none once the
     * node recovered under the boot it was flagged in.
     */
    private static Optional<String> flaggedBootId(NodeFacts node, NodeRisk evidenceState) {
        if (evidenceState == NodeRisk.EXHAUSTED) {
            return Optional.of(node.bootId());
        }
        return node.rebootedSinceFlagged() ? node.flaggedBootId() : Optional.empty();
    }

    private static String failures(int n) {
        return n + (n == 1 ? " failed cgroup creation" : " failed cgroup creations");
    }

    private record Verdict(NodeRisk state, String reason, Optional<ExhaustionForecast> exhaustedBy) {

        Verdict(NodeRisk state, String reason) {
            this(state, reason, Optional.empty());
        }
    }
}
