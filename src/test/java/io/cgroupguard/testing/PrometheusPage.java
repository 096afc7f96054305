package io.cgroupguard.testing;

/** Reads series out of a Prometheus text page, as a scrape would. */
public final class PrometheusPage {

    private PrometheusPage() {
    }

    /** The value of one series (name and labels exactly as printed); NaN when absent. */
    public static double value(String page, String series) {
        return page.lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim())).orElse(Double.NaN);
    }
}
