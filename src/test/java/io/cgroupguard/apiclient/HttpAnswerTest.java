package io.cgroupguard.apiclient;

import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** How the agent's client reads an HTTP/1.1 answer, whichever way the server frames its body. */
class HttpAnswerTest {

    private static final long LATER = System.nanoTime() + 60_000_000_000L;

    static Stream<Arguments> answers() {
        return Stream.of(
                Arguments.of(Named.of("a Content-Length", "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                        + "Content-Length: 10\r\n\r\n{\"a\":\"é\"}"), 200, "{\"a\":\"é\"}"),
                Arguments.of(Named.of("chunked, with an extension and a trailer (Go's net/http for large bodies)",
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4;name=x\r\n{\"a\"\r\n"
                                + "5\r\n:\"b\"}\r\n0\r\nX-Trailer: 1\r\n\r\n"), 200, "{\"a\":\"b\"}"),
                Arguments.of(Named.of("neither: the body runs to the connection's end", "HTTP/1.1 422 "
                        + "Unprocessable Entity\r\nConnection: close\r\n\r\n{\"kind\":\"Status\"}"), 422,
                        "{\"kind\":\"Status\"}"),
                Arguments.of(Named.of("bare line feeds and a header name in capitals",
                        "HTTP/1.0 404 Not Found\nCONTENT-LENGTH: 2\n\nno"), 404, "no"),
                Arguments.of(Named.of("an empty body", "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"), 200, ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("answers")
    void readsStatusAndBody(String wire, int status, String body) throws IOException {
        assertEquals(new HttpAnswer(status, body), read(wire, 1024));
    }

    static Stream<Arguments> broken() {
        return Stream.of(
                Arguments.of(Named.of("cut short of its Content-Length", "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")),
                Arguments.of(Named.of("cut inside the head", "HTTP/1.1 200 OK\r\nContent-Le")),
                Arguments.of(Named.of("not HTTP at all", "SSH-2.0-OpenSSH_9.2\r\n\r\n")),
                Arguments.of(Named.of("a bad chunk size", "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")),
                Arguments.of(Named.of("larger than the limit", "HTTP/1.1 200 OK\r\n\r\n" + "x".repeat(2000))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("broken")
    void refusesBrokenAnswers(String wire) {
        assertThrows(IOException.class, () -> read(wire, 1024));
    }

    private static HttpAnswer read(String wire, int maxBody) throws IOException {
        return HttpAnswer.read(new ByteArrayInputStream(wire.getBytes(StandardCharsets.UTF_8)), maxBody, LATER);
    }
}
