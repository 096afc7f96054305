/**
 * The node agent's publisher ({@code agent} mode): the loop that reads the node through
 * {@link io.cgroupguard.probe} and writes the {@code CgroupExhausted} condition on its own node, when to write,
 * how to write it, and its metrics and readiness.
 */
package io.cgroupguard.agent;
