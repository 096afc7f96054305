package io.cgroupguard.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The node agent's settings, under {@code cgroup-guard.agent.} ({@code CGROUP_GUARD_AGENT_INTERVAL=1m}, ...).
 * Used in {@code agent} mode only.
 */
@ConfigMapping(prefix = "cgroup-guard.agent")
public interface AgentConfig {

    /** The node this agent runs on; from {@code NODE_NAME}, which the DaemonSet sets from spec.nodeName. */
    @WithDefault("${NODE_NAME:}")
    Optional<String> nodeName();

    /** How often the node's cgroup state is read. */
    @WithDefault("30s")
    Duration interval();

    /** Where the host's {@code proc/} and {@code sys/fs/cgroup/} are: {@code /} unless the host is mounted elsewhere. */
    @WithDefault("/")
    Path hostRoot();

    /** Also make and remove one memory cgroup each reading; needs the cgroup hierarchy mounted writable. */
    @WithDefault("false")
    boolean probe();

    /** The condition is rewritten at least this often, with fresh numbers, even when its status holds. */
    @WithDefault("5m")
    Duration heartbeat();

    /** Longest wait between retries after a failed condition write; retries start at one second and double. */
    @WithDefault("${cgroup-guard.agent.interval}")
    Duration maxRetryDelay();

    /** A forecast of the ids running out within this long makes the node at-risk (and wants a reboot). */
    @WithDefault("24h")
    Duration forecastHorizon();

    /**
     * How long the readings must span before the agent forecasts. One hour: the slow leaks this is for (a few
     * dozen to a few hundred ids an hour, one per pod removed) show through a burst of pods starting and leaving
     * within that, and an agent restart (an upgrade) goes without a forecast for no longer than that.
     */
    @WithDefault("1h")
    Duration forecastMinHistory();

    /**
     * kured's reboot sentinel file, written while the node is exhausted or forecast to run out within the horizon
     * and removed when that is over; off when unset. Its folder must be mounted writable (the kured-sentinel
     * kustomize component).
     */
    Optional<Path> rebootSentinel();
}
