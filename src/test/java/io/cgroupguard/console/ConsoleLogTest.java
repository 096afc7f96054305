package io.cgroupguard.console;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The agent's log lines keep the shape of the Quarkus console format: time, level, short category, message. */
class ConsoleLogTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ConsoleLog log = new ConsoleLog(ConsoleLog.abbreviate("io.cgroupguard.agent.PublishLoop"),
            new PrintStream(out, true, StandardCharsets.UTF_8),
            Clock.fixed(Instant.parse("2026-11-27T10:04:05Z"), ZoneOffset.UTC));

    @Test
    void printsTheQuarkusConsoleShape() {
        log.infof("agent: node %s written", "node-a");
        log.warnf("agent: %d failures", 2);

        assertEquals("10:04:05 INFO  [i.c.a.PublishLoop] agent: node node-a written\n"
                + "10:04:05 WARN  [i.c.a.PublishLoop] agent: 2 failures\n", printed());
    }

    @Test
    void printsTheStackTraceAfterAnError() {
        log.error("agent: failed", new IllegalStateException("boom"));

        String[] lines = printed().split("\n");
        assertEquals("10:04:05 ERROR [i.c.a.PublishLoop] agent: failed", lines[0]);
        assertEquals("java.lang.IllegalStateException: boom", lines[1]);
        assertTrue(lines[2].startsWith("\tat "), lines[2]);
    }

    private String printed() {
        return out.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }
}
