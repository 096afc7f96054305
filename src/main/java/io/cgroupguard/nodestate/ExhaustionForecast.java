package io.cgroupguard.nodestate;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The agent's forecast as it travels in the {@code CgroupExhausted} condition's message: "leaking 150.0 memory
 * cgroup ids per hour, out of ids at 2019-06-05T08:00:00Z". The agent writes the phrase and the labeller finds it
 * here, so its wording lives in one place (a condition has no structured field for it).
 *
 * @param idsPerHour the fitted leak rate
 * @param runsOut    when the ids run out at that rate, in whole seconds
 */
public record ExhaustionForecast(double idsPerHour, Instant runsOut) {

    private static final Pattern PHRASE = Pattern.compile(
            "leaking (\\d+(?:\\.\\d+)?) memory cgroup ids per hour, out of ids at (\\S+?Z)");

    public ExhaustionForecast {
        runsOut = runsOut.truncatedTo(ChronoUnit.SECONDS);
    }

    /** The phrase for a condition message; the rate to one decimal, the time RFC 3339 in UTC. */
    public String phrase() {
        return rate(idsPerHour) + ", out of ids at " + runsOut;
    }

    /** "leaking 150.0 memory cgroup ids per hour": the phrase's first half, also said when no end is in sight. */
    public static String rate(double idsPerHour) {
        return "leaking " + String.format(Locale.ROOT, "%.1f", idsPerHour) + " memory cgroup ids per hour";
    }

    /** Finds the phrase in a condition message; empty when the message has none (no forecast within the horizon). */
    public static Optional<ExhaustionForecast> in(String message) {
        if (message == null) {
            return Optional.empty();
        }
        Matcher m = PHRASE.matcher(message);
        if (!m.find()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new ExhaustionForecast(Double.parseDouble(m.group(1)), Instant.parse(m.group(2))));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
