package io.cgroupguard.nodestate;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * The application's one Kubernetes client: the one {@code Main} built for the Node watch it started before
 * Quarkus ({@link EarlyNodeWatch}) when there is one, else one made exactly as Quarkus's own producer makes it
 * (which this replaces), from Quarkus's client {@link Config} and serialization. One client, not two: a second
 * would be built cold on Quarkus's main thread during its boot, with its own connection pool, for the same
 * cluster and credentials.
 */
@ApplicationScoped
public class SharedClient {

    @Produces
    @Singleton
    KubernetesClient client(Config config, KubernetesSerialization serialization) {
        return EarlyNodeWatch.client().orElseGet(() -> new KubernetesClientBuilder()
                .withKubernetesSerialization(serialization).withConfig(config).build());
    }

    void close(@Disposes KubernetesClient client) {
        client.close();
        EarlyNodeWatch.forget();
    }
}
