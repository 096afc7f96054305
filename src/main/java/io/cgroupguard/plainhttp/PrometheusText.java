package io.cgroupguard.plainhttp;

import java.util.Map;

/**
 * Writes metrics in the Prometheus text exposition format 0.0.4, the format every Prometheus scrapes, as the
 * Micrometer registry of the Quarkus modes prints it: {@code # TYPE} then {@code # HELP} per family, a counter's
 * family named without and its sample with {@code _total}, values as Java prints doubles ({@code 65012.0},
 * {@code 1.7E9}, {@code NaN}, {@code +Inf}), which Prometheus parses as Go's {@code ParseFloat} does.
 */
public final class PrometheusText {

    /** The content type of this format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder text = new StringBuilder(2048);

    /** Starts a gauge family; follow with its {@link #sample}s. */
    public PrometheusText gauge(String name, String help) {
        return family(name, "gauge", help);
    }

    /** A counter with no labels: family {@code name}, one sample {@code name_total}. */
    public PrometheusText counter(String name, String help, double value) {
        family(name, "counter", help);
        return sample(name + "_total", Map.of(), value);
    }

    private PrometheusText family(String name, String type, String help) {
        text.append("# TYPE ").append(name).append(' ').append(type).append('\n');
        text.append("# HELP ").append(name).append(' ').append(escapeHelp(help)).append('\n');
        return this;
    }

    /** One sample line; labels in the order the map gives them. */
    public PrometheusText sample(String name, Map<String, String> labels, double value) {
        text.append(name);
        if (!labels.isEmpty()) {
            text.append('{');
            String comma = "";
            for (Map.Entry<String, String> label : labels.entrySet()) {
                text.append(comma).append(label.getKey()).append("=\"").append(escapeLabel(label.getValue()))
                        .append('"');
                comma = ",";
            }
            text.append('}');
        }
        text.append(' ').append(value(value)).append('\n');
        return this;
    }

    /** One sample line without labels. */
    public PrometheusText sample(String name, double value) {
        return sample(name, Map.of(), value);
    }

    @Override
    public String toString() {
        return text.toString();
    }

    /** The 0.0.4 format: in HELP, backslash and line feed are escaped. */
    static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }

    /** The 0.0.4 format: in a label value, backslash, double quote and line feed are escaped. */
    static String escapeLabel(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    static String value(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        return Double.toString(value);
    }
}
