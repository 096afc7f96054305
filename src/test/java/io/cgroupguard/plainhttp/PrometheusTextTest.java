package io.cgroupguard.plainhttp;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The Prometheus text format 0.0.4 as the agent writes it: families, counters, escaping and numbers. */
class PrometheusTextTest {

    @Test
    void writesGaugesWithLabelsAndCountersWithTotal() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("kind", "used");
        labels.put("node", "a");
        String page = new PrometheusText().gauge("g", "A gauge").sample("g", labels, 12)
                .counter("c", "A counter", 3).toString();

        assertEquals("""
                # TYPE g gauge
                # HELP g A gauge
                g{kind="used",node="a"} 12.0
                # TYPE c counter
                # HELP c A counter
                c_total 3.0
                """, page);
    }

    static Stream<Arguments> labelValues() {
        return Stream.of(
                Arguments.of(Named.of("a double quote", "say \"hi\""), "say \\\"hi\\\""),
                Arguments.of(Named.of("a backslash", "C:\\temp"), "C:\\\\temp"),
                Arguments.of(Named.of("a line feed", "two\nlines"), "two\\nlines"),
                Arguments.of(Named.of("plain text", "node-a"), "node-a"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("labelValues")
    void escapesLabelValues(String value, String escaped) {
        assertEquals("m{l=\"" + escaped + "\"} 1.0\n", new PrometheusText().sample("m", Map.of("l", value), 1)
                .toString());
    }

    @Test
    void escapesHelp_backslashAndLineFeedOnly() {
        assertEquals("# TYPE m gauge\n# HELP m a \\\\ b \\n \"c\"\n",
                new PrometheusText().gauge("m", "a \\ b \n \"c\"").toString());
    }

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of(Double.NaN, "NaN"), Arguments.of(Double.POSITIVE_INFINITY, "+Inf"),
                Arguments.of(Double.NEGATIVE_INFINITY, "-Inf"), Arguments.of(65012.0, "65012.0"),
                Arguments.of(1.795791381552E9, "1.795791381552E9"), Arguments.of(0.25, "0.25"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("values")
    void printsNumbersAsPrometheusParsesThem(double value, String printed) {
        assertEquals("m " + printed + "\n", new PrometheusText().sample("m", value).toString());
        if (!Double.isNaN(value)) {
            // What Prometheus's parser (Go's strconv.ParseFloat) reads back; Java's parser accepts the same forms.
            assertEquals(value, Double.parseDouble(printed.replace("Inf", "Infinity")));
        }
    }
}
