package io.cgroupguard.agent;

import io.cgroupguard.forecast.LeakForecast;
import io.cgroupguard.nodestate.CgroupExhaustedCondition;
import io.cgroupguard.nodestate.NodeRisk;
import io.cgroupguard.probe.CgroupVerdict;

import java.util.Optional;

/**
 * One reading's verdict together with the leak forecast at that moment: what the agent publishes and whether the
 * node wants a reboot follow from it, as pure functions.
 *
 * @param verdict the reading judged on its own
 * @param forecast the fitted leak; empty while the history is shorter than the minimum
 * @param withinHorizon true when the forecast says the ids run out within the horizon
 */
public record Outlook(CgroupVerdict verdict, Optional<LeakForecast> forecast, boolean withinHorizon) {

    /** Whether the node should be rebooted, as the reboot sentinel acts on it. */
    public enum RebootNeed {
        /** Exhausted, or forecast to be within the horizon. */
        NEEDED,
        /** Headroom, or a forecast that reaches past the horizon: the reason to reboot is gone. */
        NOT_NEEDED,
        /** Not exhausted, but too little history for a forecast yet (the agent just started). */
        UNDECIDED
    }

    /**
     * The condition: exhausted stays True; otherwise a forecast within the horizon makes it
     * {@code False}/{@code MemoryCgroupsAtRisk} with the rate and the time (pods still start there, so never
     * True); otherwise the verdict's own.
     */
    public CgroupCondition condition() {
        CgroupCondition plain = CgroupCondition.of(verdict);
        if (verdict.risk() == NodeRisk.EXHAUSTED || !withinHorizon) {
            return plain;
        }
        return new CgroupCondition(CgroupExhaustedCondition.FALSE, CgroupExhaustedCondition.AT_RISK,
                verdict.reason() + "; " + forecast.get().describe());
    }

    public RebootNeed rebootNeed() {
        if (verdict.risk() == NodeRisk.EXHAUSTED || withinHorizon) {
            return RebootNeed.NEEDED;
        }
        if (verdict.risk() == NodeRisk.HEALTHY || forecast.isPresent()) {
            return RebootNeed.NOT_NEEDED;
        }
        return RebootNeed.UNDECIDED;
    }
}
