/** Plain console logging for the code that runs without Quarkus: the node agent and what it shares. */
package io.cgroupguard.console;
