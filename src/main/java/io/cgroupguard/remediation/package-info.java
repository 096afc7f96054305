/**
 * Opt-in remediation: the stuck pods whose controller recreates them elsewhere are evicted through the Eviction
 * API, within PodDisruptionBudgets and a rate budget. It implements the stuck-pod check's
 * {@link io.cgroupguard.stuckpods.StuckPodHandler}, so arrows run from here to {@code stuckpods} and never back.
 */
package io.cgroupguard.remediation;
