package io.cgroupguard.console;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A logger that prints plain lines to standard output in the shape of the Quarkus console format this project
 * configures ({@code %d{HH:mm:ss} %-5p [%c{1.}] %s%e%n}), for the code that runs without Quarkus (the agent).
 * It needs no logging framework: the agent's logs then read the same whichever way it was started, and a pod's
 * log collector sees one line per event, as before.
 */
public final class ConsoleLog {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT);

    private final String category;
    private final PrintStream out;
    private final Clock clock;

    ConsoleLog(String category, PrintStream out, Clock clock) {
        this.category = category;
        this.out = out;
        this.clock = clock;
    }

    /** A logger for {@code type}, printing to {@link System#out} with the system clock's local time. */
    public static ConsoleLog of(Class<?> type) {
        return new ConsoleLog(abbreviate(type.getName()), System.out, Clock.systemDefaultZone());
    }

    public void infof(String format, Object... args) {
        print("INFO", String.format(Locale.ROOT, format, args), null);
    }

    public void warnf(String format, Object... args) {
        print("WARN", String.format(Locale.ROOT, format, args), null);
    }

    public void errorf(String format, Object... args) {
        print("ERROR", String.format(Locale.ROOT, format, args), null);
    }

    /** An error with its stack trace after the line, as {@code %e} prints it. */
    public void error(String message, Throwable cause) {
        print("ERROR", message, cause);
    }

    private void print(String level, String message, Throwable cause) {
        StringBuilder line = new StringBuilder(80 + message.length());
        line.append(LocalTime.now(clock).format(TIME)).append(' ');
        line.append(level);
        line.append(" ".repeat(Math.max(0, 5 - level.length())));
        line.append(" [").append(category).append("] ").append(message);
        if (cause != null) {
            StringWriter trace = new StringWriter();
            cause.printStackTrace(new PrintWriter(trace));
            line.append(System.lineSeparator()).append(trace.toString().stripTrailing());
        }
        // One println per event, so lines of two threads never interleave.
        out.println(line);
    }

    /** {@code %c{1.}}: every package segment cut to its first letter, the class name whole. */
    static String abbreviate(String name) {
        String[] parts = name.split("\\.");
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < parts.length - 1; i++) {
            out.append(parts[i].charAt(0)).append('.');
        }
        return out.append(parts[parts.length - 1]).toString();
    }
}
