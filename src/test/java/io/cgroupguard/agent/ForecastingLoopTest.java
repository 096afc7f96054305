package io.cgroupguard.agent;

import io.cgroupguard.plainhttp.PrometheusText;
import io.cgroupguard.testing.FakeClock;
import io.cgroupguard.testing.PrometheusPage;
import io.cgroupguard.kube.RetryPolicy;
import io.cgroupguard.nodestate.CgroupExhaustedCondition;
import io.cgroupguard.nodestate.ExhaustionForecast;
import io.cgroupguard.probe.CgroupProbe;
import io.cgroupguard.probe.MemoryCgroups;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.cgroupguard.testing.HostFixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent's loop as it runs in production ({@link PublishLoop} over a {@link NodeReader}, a fixture host read
 * by the real probe), driven by a fake clock: the host's ids grow at a known rate, read every 30 s for three hours
 * of simulated time with a burst of pods every fifth minute, and what the loop writes is checked against when the
 * ids truly run out.
 */
class ForecastingLoopTest {

    static final Instant T0 = Instant.parse("2019-06-04T00:00:00Z");
    static final Duration INTERVAL = Duration.ofSeconds(30);
    static final Duration RUN = Duration.ofHours(3);
    static final Duration MIN_HISTORY = Duration.ofHours(1);
    static final Duration HORIZON = Duration.ofHours(24);

    /**
     * @param fixture   the host under src/test/resources/hosts
     * @param start     ids in use at T0 (the memory line of /proc/cgroups: both hosts' kernels keep dying ids)
     * @param perHour   ids leaked per hour
     * @param firstReason the condition reason before the forecast has enough history
     */
    static Arguments host(String name, String fixture, long start, double perHour, String firstReason) {
        return Arguments.of(Named.of(name, fixture), start, perHour, firstReason);
    }

    static Stream<Arguments> hosts() {
        return Stream.of(
                host("CentOS 7 with kmem on, 1500 ids an hour: at-risk by its kernel, then with the forecast",
                        "centos7-fresh", 40000, 1500, CgroupExhaustedCondition.AT_RISK),
                host("Ubuntu 4.4, 2000 ids an hour held by page cache: healthy until the forecast",
                        "ubuntu-4.4", 20000, 2000, CgroupExhaustedCondition.AVAILABLE));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hosts")
    void publishesAtRiskWithTheTimeTheIdsRunOut(String fixture, long start, double perHour, String firstReason,
                                                @TempDir Path dir) throws IOException {
        Path host = HostFixtures.copy(Path.of("src/test/resources/hosts", fixture), dir.resolve("host"));
        Path sentinel = Files.createDirectory(dir.resolve("run")).resolve("reboot-required");
        FakeClock clock = new FakeClock(T0);
        ForecastMetrics forecastMetrics = new ForecastMetrics();
        NodeReader reader = new NodeReader(new CgroupProbe(host), false, new LeakWatch(HORIZON, MIN_HISTORY),
                Optional.of(new RebootSentinel(sentinel, "boot-1")), clock, new AgentMetrics(), forecastMetrics);
        List<CgroupCondition> writes = new ArrayList<>();
        PublishLoop loop = new PublishLoop("node-a", reader, (node, condition, now) -> writes.add(condition), clock,
                new PublishLoop.Timing(INTERVAL, Duration.ofMinutes(5), RetryPolicy.unbounded(INTERVAL, INTERVAL)),
                () -> { });

        boolean sentinelBeforeForecast = false;
        for (Duration t = Duration.ZERO; t.compareTo(RUN) <= 0; t = t.plus(INTERVAL)) {
            clock.set(T0.plus(t));
            // Every tenth reading a burst of pods is alive (400 more ids), gone by the next: churn the fit ignores.
            long churn = t.toSeconds() / INTERVAL.toSeconds() % 10 == 9 ? 400 : 0;
            setIds(host, start + Math.round(perHour * t.toSeconds() / 3600.0) + churn);
            loop.tick();
            if (t.compareTo(MIN_HISTORY) < 0) {
                sentinelBeforeForecast |= Files.exists(sentinel);
            }
        }

        CgroupCondition first = writes.get(0);
        assertEquals(firstReason, first.reason(), first.message());
        assertTrue(ExhaustionForecast.in(first.message()).isEmpty(), "no forecast before the minimum history");
        assertFalse(sentinelBeforeForecast, "no sentinel while the history is too short to forecast");

        CgroupCondition last = writes.get(writes.size() - 1);
        assertEquals(CgroupExhaustedCondition.FALSE, last.status(), last.message());
        assertEquals(CgroupExhaustedCondition.AT_RISK, last.reason(), last.message());
        ExhaustionForecast forecast = ExhaustionForecast.in(last.message()).orElseThrow(
                () -> new AssertionError("no forecast in " + last.message()));
        Instant now = T0.plus(RUN);
        Instant truth = T0.plusSeconds(Math.round((MemoryCgroups.ID_LIMIT - start) / perHour * 3600));
        double error = Math.abs(Duration.between(truth, forecast.runsOut()).toSeconds())
                / (double) Duration.between(now, truth).toSeconds();
        assertTrue(error < 0.30, "off by " + Math.round(error * 100) + "% of the time left: " + last.message());
        assertEquals(perHour, forecast.idsPerHour(), perHour * 0.05, last.message());

        PrometheusText page = new PrometheusText();
        forecastMetrics.writeTo(page);
        assertEquals(perHour, PrometheusPage.value(page.toString(), "cgroup_guard_memory_cgroup_leak_ids_per_hour"),
                perHour * 0.05);
        assertEquals(forecast.runsOut().getEpochSecond(),
                PrometheusPage.value(page.toString(), "cgroup_guard_memory_cgroup_exhausted_by_timestamp_seconds"), 1.0);
        assertTrue(Files.readString(sentinel).startsWith(RebootSentinel.MARK + "boot-1\n"),
                "the forecast within the horizon wrote kured's sentinel");
    }

    private static void setIds(Path host, long total) throws IOException {
        Files.writeString(host.resolve("proc/cgroups"), "#subsys_name\thierarchy\tnum_cgroups\tenabled\n"
                + "cpu\t2\t60\t1\nmemory\t4\t" + total + "\t1\n");
    }
}
