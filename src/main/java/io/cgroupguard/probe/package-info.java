/**
 * Probing a node: reading its memory cgroup state from {@code /proc} and {@code /sys/fs/cgroup} (under a host
 * root) and judging it. Plain Java with no Kubernetes client, so {@code doctor} uses it before Quarkus boots and
 * the agent's publisher uses it in its loop; as node-problem-detector keeps its problem daemons apart from its
 * exporters.
 */
package io.cgroupguard.probe;
