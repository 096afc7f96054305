package io.cgroupguard.admission;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds where a JSON value ends without building anything: the fast path past the parts of a review that no
 * decision reads (containers, env, volumes, managedFields: most of a pod).
 *
 * <p>It checks what it must to stay safe on hostile input (strings closed, brackets matched and nested at most
 * {@code maxDepth} deep, literals spelled right, never reading past the end) but not the commas and colons
 * between skipped members: Jackson validates everything that is kept, and the apiserver only sends JSON that
 * it produced itself. Every loop advances, so any input ends in a result or an exception.
 */
final class JsonSkipper {

    private static final VarHandle WORDS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long SPACES = 0x2020202020202020L;
    private static final long HIGHS = 0x8080808080808080L;

    private final byte[] in;
    private final int end;
    private final int maxDepth;
    private byte[] closers;

    JsonSkipper(byte[] in, int end, int maxDepth) {
        this.in = in;
        this.end = end;
        this.maxDepth = maxDepth;
    }

    /** Index just past the value that starts at or after {@code pos} (after white space). */
    int skipValue(int pos, int depth) throws MalformedReviewException {
        int i = skipWhitespace(pos);
        if (i >= end) {
            throw error("value expected", i);
        }
        byte b = in[i];
        if (b == '"') {
            return skipString(i);
        }
        if (b == '{' || b == '[') {
            return skipContainer(i, depth);
        }
        return skipScalar(i);
    }

    /**
     * Index just past the string whose opening quote is at {@code pos}. Strings are most of a pod's bytes, so
     * they are scanned eight bytes at a time (SWAR): one word's flags give the first quote, backslash or
     * control byte in it directly, so no byte is looked at twice.
     */
    int skipString(int pos) throws MalformedReviewException {
        int i = pos + 1;
        while (true) {
            if (i + Long.BYTES <= end) {
                long flags = specialBytes((long) WORDS.get(in, i));
                if (flags == 0) {
                    i += Long.BYTES;
                    continue;
                }
                i += Long.numberOfTrailingZeros(flags) >>> 3;
            } else if (i >= end) {
                throw error("unterminated string", pos);
            }
            byte b = in[i];
            if (b == '"') {
                return i + 1;
            } else if (b == '\\') {
                i += 2;
            } else if (b >= 0 && b < 0x20) {
                throw error("control character in string", i);
            } else {
                i++;
            }
        }
    }

    /**
     * The high bit of each byte of {@code word} (little-endian) that is a quote, a backslash or below 0x20.
     * Bytes above the first flagged one may be flagged wrongly (borrows carry up), so only the lowest counts.
     */
    private static long specialBytes(long word) {
        long quote = word ^ 0x2222222222222222L;
        long backslash = word ^ 0x5C5C5C5C5C5C5C5CL;
        return (((quote - ONES) & ~quote) | ((backslash - ONES) & ~backslash) | ((word - SPACES) & ~word)) & HIGHS;
    }

    int skipWhitespace(int pos) {
        int i = pos;
        while (i < end && (in[i] == ' ' || in[i] == '\n' || in[i] == '\r' || in[i] == '\t')) {
            i++;
        }
        return i;
    }

    private int skipContainer(int pos, int depth) throws MalformedReviewException {
        // One array as a stack of expected closers; depth is bounded, so is the stack. Made once per body (a
        // pod has dozens of skipped containers), and safe to share: this loop never calls itself.
        if (closers == null) {
            closers = new byte[maxDepth];
        }
        int level = depth;
        int top = 0;
        int i = pos;
        while (i < end) {
            byte b = in[i];
            switch (b) {
                case '{', '[' -> {
                    if (++level > maxDepth) {
                        throw new MalformedReviewException("JSON nested deeper than " + maxDepth + " levels");
                    }
                    closers[top++] = (byte) (b == '{' ? '}' : ']');
                    i++;
                }
                case '}', ']' -> {
                    if (top == 0 || closers[--top] != b) {
                        throw error("mismatched '" + (char) b + "'", i);
                    }
                    level--;
                    i++;
                    if (top == 0) {
                        return i;
                    }
                }
                case '"' -> i = skipString(i);
                case ' ', '\n', '\r', '\t', ',', ':' -> i++;
                default -> i = skipScalar(i);
            }
        }
        throw error("unterminated " + (in[pos] == '{' ? "object" : "array"), pos);
    }

    private int skipScalar(int pos) throws MalformedReviewException {
        int i = pos;
        while (i < end && isScalarByte(in[i])) {
            i++;
        }
        int length = i - pos;
        if (length == 0) {
            throw error("unexpected '" + (char) in[pos] + "'", pos);
        }
        byte first = in[pos];
        boolean ok = first == 't' ? matches(pos, "true") : first == 'f' ? matches(pos, "false")
                : first == 'n' ? matches(pos, "null") : isNumber(pos, i);
        if (!ok) {
            throw error("bad literal", pos);
        }
        return i;
    }

    private static boolean isScalarByte(byte b) {
        return (b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '-' || b == '+'
                || b == '.';
    }

    private boolean matches(int pos, String literal) {
        if (pos + literal.length() > end) {
            return false;
        }
        for (int k = 0; k < literal.length(); k++) {
            if (in[pos + k] != literal.charAt(k)) {
                return false;
            }
        }
        int after = pos + literal.length();
        return after == end || !isScalarByte(in[after]);
    }

    private boolean isNumber(int from, int to) {
        for (int k = from; k < to; k++) {
            byte b = in[k];
            boolean digit = b >= '0' && b <= '9';
            if (!digit && b != '-' && b != '+' && b != '.' && b != 'e' && b != 'E') {
                return false;
            }
        }
        return in[from] == '-' || (in[from] >= '0' && in[from] <= '9');
    }

    MalformedReviewException error(String what, int at) {
        return new MalformedReviewException("body is not valid JSON: " + what + " at byte " + at);
    }
}
