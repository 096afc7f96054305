package io.cgroupguard.labeller;

import io.fabric8.kubernetes.client.KubernetesClient;

/**
 * A piece of work only the replica holding the Lease does (labelling nodes, managing the TLS Secret). It starts
 * when the replica wins the Lease and is closed when it loses it; every write it makes asks the
 * {@link Leadership} first, since the Lease can be lost between two writes.
 */
@FunctionalInterface
public interface LeaderDuty {

    /** Whether this duty applies to this installation at all; a duty that does not never starts. */
    default boolean enabled() {
        return true;
    }

    /** Starts the work as the leader; the returned handle stops it. */
    AutoCloseable start(KubernetesClient client, Leadership leadership);
}
