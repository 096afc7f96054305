package io.cgroupguard.config;

import io.cgroupguard.admission.AdmissionPolicy;
import io.cgroupguard.labeller.LabellerSettings;
import io.cgroupguard.remediation.RemediationSettings;
import io.cgroupguard.stuckpods.StuckPodSettings;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The plain settings records the pure code and the CLI use carry their own {@code defaults()}; the
 * {@code @ConfigMapping} interfaces carry the defaults a deployment gets. This proves the two agree, the way
 * cert-manager's defaults test pins its configuration defaults: a default changed in one place only fails here.
 */
class SettingsDefaultsTest {

    /**
     * The mappings with no property set at all: only their {@code @WithDefault}s apply, with expressions such as
     * {@code ${cgroup-guard.namespace}} expanded and durations ({@code 10m}, {@code 30s}) read by Quarkus's converter.
     */
    private static final SmallRyeConfig EMPTY = new SmallRyeConfigBuilder()
            .addDefaultInterceptors()
            .withConverter(Duration.class, 200, new DurationConverter())
            .withMapping(GuardConfig.class)
            .withMapping(LabellerConfig.class)
            .withMapping(StuckPodsConfig.class)
            .withMapping(RemediationConfig.class)
            .build();

    @Test
    void labellerDefaultsMatchTheConfigMapping() {
        assertEquals(LabellerSettings.defaults(), LabellerSettings.from(EMPTY.getConfigMapping(LabellerConfig.class)));
    }

    @Test
    void stuckPodDefaultsMatchTheConfigMapping() {
        assertEquals(StuckPodSettings.defaults(), StuckPodSettings.from(EMPTY.getConfigMapping(StuckPodsConfig.class)));
    }

    @Test
    void remediationDefaultsMatchTheConfigMapping() {
        Set<String> exempt = Set.of("kube-system", "cgroup-guard");
        assertEquals(RemediationSettings.off(exempt),
                RemediationSettings.from(EMPTY.getConfigMapping(RemediationConfig.class), exempt));
    }

    @Test
    void admissionDefaultsMatchTheConfigMapping() {
        GuardConfig guard = EMPTY.getConfigMapping(GuardConfig.class);
        assertEquals(AdmissionPolicy.defaults(),
                new AdmissionPolicy(guard.enforcement(), guard.exemptNamespaces(), guard.preferAwayFromAtRisk()));
    }
}
