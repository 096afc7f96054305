package io.cgroupguard.forecast;

import io.cgroupguard.probe.CgroupProbe;
import io.cgroupguard.probe.MemoryCgroups;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The forecast over real probe readings: a copy of the CentOS 7 fixture host whose kernel keeps 150 more memory
 * cgroups every hour (dying ones: its /proc/cgroups total grows while the live tree stays), read every 30 s of
 * simulated time for three hours.
 */
class ProbedLeakForecastTest {

    static final Instant T0 = Instant.parse("2019-06-04T00:00:00Z");
    static final double PER_HOUR = 150;
    static final long START = 40000;

    @Test
    void forecastsWhenAFixtureHostsLeakRunsOut(@TempDir Path dir) throws Exception {
        Path host = copy(Path.of("src/test/resources/hosts/centos7-fresh"), dir.resolve("host"));
        CgroupProbe probe = new CgroupProbe(host);
        IdHistory history = new IdHistory(Duration.ofHours(6), 650);
        for (long s = 0; s <= 3 * 3600; s += 30) {
            long total = START + Math.round(PER_HOUR * s / 3600.0);
            Files.writeString(host.resolve("proc/cgroups"), "#subsys_name\thierarchy\tnum_cgroups\tenabled\n"
                    + "cpu\t2\t60\t1\nmemory\t4\t" + total + "\t1\n");
            history.add(T0.plusSeconds(s), probe.read(false).memoryCgroups().used());
        }

        LeakForecast forecast = LeakForecast.of(history, MemoryCgroups.ID_LIMIT, Duration.ofHours(1)).orElseThrow();
        Instant truth = T0.plusSeconds(Math.round((MemoryCgroups.ID_LIMIT - START) / PER_HOUR * 3600));
        Instant now = T0.plus(Duration.ofHours(3));
        double error = Math.abs(Duration.between(truth, forecast.runsOut().orElseThrow()).toSeconds())
                / (double) Duration.between(now, truth).toSeconds();
        assertEquals(PER_HOUR, forecast.idsPerHour(), PER_HOUR * 0.01, forecast.describe());
        assertTrue(error < 0.30, "off by " + Math.round(error * 100) + "% of the time left: " + forecast.describe());
        assertTrue(forecast.within(Duration.ofDays(8), now) && !forecast.within(Duration.ofHours(24), now),
                forecast.describe());
    }

    private static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }
}
