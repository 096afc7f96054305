package io.cgroupguard.admission;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonSkipperTest {

    @Test
    void stringEndsAtItsClosingQuote_wherever_itFallsInAWord() throws Exception {
        for (int length = 0; length < 40; length++) {
            for (int escapeAt = -1; escapeAt < length; escapeAt++) {
                StringBuilder text = new StringBuilder();
                for (int k = 0; k < length; k++) {
                    text.append(k == escapeAt ? "\\\"" : "x");
                }
                byte[] in = ("\"" + text + "\",\"next\"").getBytes(StandardCharsets.UTF_8);
                int expected = text.length() + 2;

                assertEquals(expected, new JsonSkipper(in, in.length, 64).skipString(0), text.toString());
            }
        }
    }

    @Test
    void multiByteCharacters_arePassedOver() throws Exception {
        byte[] in = "\"zürich – 東京 ✓\"]".getBytes(StandardCharsets.UTF_8);

        assertEquals(in.length - 1, new JsonSkipper(in, in.length, 64).skipString(0));
    }

    @Test
    void controlByteInsideAString_isRefused_atEveryOffset() {
        for (int at = 1; at < 20; at++) {
            byte[] in = ("\"" + "a".repeat(at) + "\n" + "b".repeat(20) + "\"").getBytes(StandardCharsets.UTF_8);
            MalformedReviewException e = assertThrows(MalformedReviewException.class,
                    () -> new JsonSkipper(in, in.length, 64).skipString(0));
            assertEquals("body is not valid JSON: control character in string at byte " + (at + 1), e.getMessage());
        }
    }

    @Test
    void unterminatedString_isRefused_forEveryLength() {
        for (int length = 0; length < 20; length++) {
            byte[] in = ("\"" + "a".repeat(length) + "\\").getBytes(StandardCharsets.UTF_8);
            assertThrows(MalformedReviewException.class, () -> new JsonSkipper(in, in.length, 64).skipString(0));
        }
    }

    @Test
    void containersAreSkippedWhole_andMismatchesRefused() throws Exception {
        byte[] ok = "{\"a\":[1,{\"b\":\"]}\"},null,true,-2.5e3]} tail".getBytes(StandardCharsets.UTF_8);
        assertEquals(ok.length - 5, new JsonSkipper(ok, ok.length, 64).skipValue(0, 0));

        byte[] bad = "{\"a\":[1}".getBytes(StandardCharsets.UTF_8);
        assertThrows(MalformedReviewException.class, () -> new JsonSkipper(bad, bad.length, 64).skipValue(0, 0));
    }
}
