package io.cgroupguard.labeller;

import io.cgroupguard.kube.RetryPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The leader's one way of talking to the API server: each request waits for the cluster-wide rate limit, is
 * preceded by a leadership check (a replica that lost the Lease sends nothing more), and is retried with
 * exponential backoff on errors worth retrying. Node writes and pod Events share it, and so share the limit.
 */
final class GuardedRequests {

    private static final Logger LOG = Logger.getLogger(GuardedRequests.class);
    private static final RetryPolicy RETRY = new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(10));

    private final KubernetesClient client;
    private final Leadership leadership;
    private final WriteRateLimiter limiter;

    GuardedRequests(KubernetesClient client, Leadership leadership, WriteRateLimiter limiter) {
        this.client = client;
        this.leadership = leadership;
        this.limiter = limiter;
    }

    KubernetesClient client() {
        return client;
    }

    /** Sends the request; empty when it returned nothing, failed for good, or leadership was lost first. */
    <T> Optional<T> send(String what, Supplier<T> request) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            limiter.acquire();
            if (!leadership.isLeader()) {
                LOG.infof("not the leader any more: dropped %s", what);
                return Optional.empty();
            }
            try {
                return Optional.ofNullable(request.get());
            } catch (KubernetesClientException e) {
                if (!retryable(e.getCode()) || RETRY.exhausted(attempt)) {
                    LOG.warnf("%s failed (HTTP %d, attempt %d): %s", what, e.getCode(), attempt, e.getMessage());
                    return Optional.empty();
                }
                long jittered = RETRY.jitteredDelay(attempt).toMillis();
                LOG.debugf("%s failed (HTTP %d), retrying in %d ms", what, e.getCode(), jittered);
                Thread.sleep(jittered);
            }
        }
    }

    /** Connection failures (code 0), throttling, conflicts and server errors pass; a refusal will not change. */
    private static boolean retryable(int code) {
        return code == 0 || code == 409 || code == 429 || code >= 500;
    }
}
