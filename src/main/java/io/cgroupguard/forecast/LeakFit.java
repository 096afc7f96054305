package io.cgroupguard.forecast;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The leak rate of a node's ids, fitted robustly: a Theil-Sen line, whose slope is the median of the slopes
 * between every pair of samples and whose level is the median of what each sample says the line's level is.
 * Up to about 29% of the samples can be anywhere (pods starting in a burst and leaving again) without moving it,
 * where a least-squares line follows every burst.
 *
 * @param idsPerHour the slope: ids leaked per hour (negative when ids are being freed)
 * @param origin     the time the level is given at (the first sample's)
 * @param level      ids in use at {@code origin} on the fitted line
 */
public record LeakFit(double idsPerHour, Instant origin, double level) {

    private static final double MILLIS_PER_HOUR = Duration.ofHours(1).toMillis();

    /** Fits the samples; empty with fewer than two samples at distinct times. */
    public static Optional<LeakFit> of(List<IdSample> samples) {
        int n = samples.size();
        if (n < 2) {
            return Optional.empty();
        }
        Instant origin = samples.get(0).at();
        double[] hours = new double[n];
        for (int i = 0; i < n; i++) {
            hours[i] = Duration.between(origin, samples.get(i).at()).toMillis() / MILLIS_PER_HOUR;
        }
        double[] slopes = new double[n * (n - 1) / 2];
        int count = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double dt = hours[j] - hours[i];
                if (dt > 0) {
                    slopes[count++] = (samples.get(j).used() - samples.get(i).used()) / dt;
                }
            }
        }
        if (count == 0) {
            return Optional.empty();
        }
        double slope = median(slopes, count);
        double[] levels = new double[n];
        for (int i = 0; i < n; i++) {
            levels[i] = samples.get(i).used() - slope * hours[i];
        }
        return Optional.of(new LeakFit(slope, origin, median(levels, n)));
    }

    /** Where the fitted line stands at {@code at}. */
    public double usedAt(Instant at) {
        return level + idsPerHour * Duration.between(origin, at).toMillis() / MILLIS_PER_HOUR;
    }

    /** When the fitted line reaches {@code ids}; empty when it never does (no leak, or ids being freed). */
    public Optional<Instant> reaches(long ids) {
        if (idsPerHour <= 0) {
            return Optional.empty();
        }
        double hours = (ids - level) / idsPerHour;
        return Optional.of(origin.plusMillis(Math.round(hours * MILLIS_PER_HOUR)));
    }

    private static double median(double[] values, int count) {
        Arrays.sort(values, 0, count);
        int mid = count / 2;
        return count % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }
}
