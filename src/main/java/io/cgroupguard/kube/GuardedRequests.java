package io.cgroupguard.kube;

import io.cgroupguard.kube.RetryPolicy;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The leader's one way of talking to the API server: each request waits for the cluster-wide rate limit, is
 * preceded by a leadership check (a replica that lost the Lease sends nothing more), and is retried with
 * exponential backoff on errors worth retrying. Node writes, pod Events and evictions share it, and so share
 * the limit. Whether this replica leads is asked of a {@link BooleanSupplier}, so the election stays with the
 * labeller and this package depends on none of the guard's.
 */
public final class GuardedRequests {

    private static final Logger LOG = Logger.getLogger(GuardedRequests.class);
    private static final RetryPolicy RETRY = new RetryPolicy(5, Duration.ofMillis(200), Duration.ofSeconds(10));

    private final KubernetesClient client;
    private final BooleanSupplier leading;
    private final WriteRateLimiter limiter;

    public GuardedRequests(KubernetesClient client, BooleanSupplier leading, WriteRateLimiter limiter) {
        this.client = client;
        this.leading = leading;
        this.limiter = limiter;
    }

    public KubernetesClient client() {
        return client;
    }

    /** Sends the request; empty when it returned nothing, failed for good, or leadership was lost first. */
    public <T> Optional<T> send(String what, Supplier<T> request) throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            limiter.acquire();
            if (!leading.getAsBoolean()) {
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
