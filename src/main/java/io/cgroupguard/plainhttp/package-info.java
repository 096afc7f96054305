/**
 * Health and Prometheus metrics over plain HTTP on a plain socket, for the node agent, which runs without
 * the Quarkus HTTP stack: the same paths, ports and formats as the Quarkus modes.
 */
package io.cgroupguard.plainhttp;
