/**
 * The leader's stuck-pod check: the pods of exhausted nodes are watched, and each pod stuck there (bound, no
 * container running, past a short grace) gets one Warning Event saying why and what to do, its count raised
 * while it stays stuck. What else happens to a stuck pod is a {@link io.cgroupguard.stuckpods.StuckPodHandler}'s
 * business (remediation implements it), so this package knows nothing of evictions; the labeller wires both.
 */
package io.cgroupguard.stuckpods;
