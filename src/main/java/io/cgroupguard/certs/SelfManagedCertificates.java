package io.cgroupguard.certs;

import io.cgroupguard.config.CertificatesConfig;
import io.cgroupguard.config.GuardConfig;
import io.cgroupguard.labeller.LeaderDuty;
import io.cgroupguard.labeller.Leadership;
import io.cgroupguard.nodestate.NodeSources;
import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Self-managed certificates as a duty of the elected leader: a {@link CertificateKeeper} round at once and then
 * every {@code cgroup-guard.certificates.check-period}. Applies against a cluster with
 * {@code cgroup-guard.certificates.self-managed=true} (the default).
 */
@ApplicationScoped
public class SelfManagedCertificates implements LeaderDuty {

    private static final Logger LOG = Logger.getLogger(SelfManagedCertificates.class);

    private final GuardConfig guard;
    private final CertificatesConfig config;
    private final NodeSources sources;

    SelfManagedCertificates(GuardConfig guard, CertificatesConfig config, NodeSources sources) {
        this.guard = guard;
        this.config = config;
        this.sources = sources;
    }

    @Override
    public boolean enabled() {
        return config.selfManaged() && sources.cluster().isPresent();
    }

    @Override
    public AutoCloseable start(KubernetesClient client, Leadership leadership) {
        CertificateSpec defaults = CertificateSpec.defaults();
        CertificateKeeper keeper = new CertificateKeeper(client, new CertificateKeeper.Target(guard.namespace(),
                config.secretName(), config.webhookConfiguration(), new CertificateSpec(guard.namespace(),
                config.service(), defaults.algorithm(), defaults.servingLife(), defaults.caLife()),
                config.rotationOverlap()), Clock.systemUTC());
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "cgroup-guard-certificates");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(() -> round(keeper, leadership), 0, config.checkPeriod().toMillis(),
                TimeUnit.MILLISECONDS);
        return executor::shutdownNow;
    }

    private void round(CertificateKeeper keeper, Leadership leadership) {
        try {
            RotationPlan plan = keeper.reconcile(leadership);
            LOG.debugf("TLS: %s (%s)", plan.action(), plan.reason());
        } catch (Exception e) {
            // A failed round changes nothing that is served; the next one, a period later, tries again.
            LOG.errorf(e, "TLS: could not check or rotate Secret %s/%s and the caBundles; retrying in %s",
                    guard.namespace(), config.secretName(), config.checkPeriod());
        }
    }
}
