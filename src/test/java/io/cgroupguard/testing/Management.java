package io.cgroupguard.testing;

import io.restassured.RestAssured;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The test instance's management interface: plain HTTP, where {@code /q/metrics} is served in both modes.
 */
public final class Management {

    private Management() {
    }

    /** The management port the test instance listens on (Quarkus publishes the one it picked for port 0). */
    public static int port() {
        return ConfigProvider.getConfig().getValue("quarkus.management.test-port", Integer.class);
    }

    /** The value of one series (name and labels exactly as printed) in the instance's metrics; NaN when absent. */
    public static double value(String series) {
        return metrics().lines().filter(line -> line.startsWith(series + " ")).findFirst()
                .map(line -> Double.parseDouble(line.substring(series.length() + 1).trim())).orElse(Double.NaN);
    }

    /** The Prometheus text of the running test instance, failing the test when it does not answer 200. */
    public static String metrics() {
        return RestAssured.given().baseUri("http://localhost").port(port()).get("/q/metrics")
                .then().statusCode(200).extract().asString();
    }
}
