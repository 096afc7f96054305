package io.cgroupguard.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The webhook's settings, under {@code cgroup-guard.}: system properties ({@code -Dcgroup-guard.enforcement=warn}),
 * environment variables ({@code CGROUP_GUARD_ENFORCEMENT=warn}) or application.properties.
 */
@ConfigMapping(prefix = "cgroup-guard")
public interface GuardConfig {

    /** {@code enforce} (deny), {@code warn} (allow with a warning) or {@code audit} (allow, log and count). */
    @WithDefault("enforce")
    Enforcement enforcement();

    /** Namespaces whose pods the guard never touches; kube-system and its own by default. */
    @WithDefault("kube-system,${cgroup-guard.namespace}")
    Set<String> exemptNamespaces();

    /** Also add a soft (preferred) node-affinity term away from {@code at-risk} nodes. */
    @WithDefault("false")
    boolean preferAwayFromAtRisk();

    /** The guard's own namespace, where its Lease lives; from the downward API in a cluster. */
    @WithDefault("${POD_NAMESPACE:cgroup-guard}")
    String namespace();

    /** A node list file ({@code kubectl get nodes -o yaml}); when set, the guard runs standalone on it. */
    Optional<Path> nodesFile();

    /** How often the node list file is checked for changes. */
    @WithDefault("2s")
    Duration nodesFilePollInterval();

    /** Folder with {@code ca.crt}, {@code tls.crt}, {@code tls.key}; made at start when it holds none. */
    @WithDefault("certs")
    Path certsDir();
}
