package io.cgroupguard.check;

/**
 * The outcome of one install check: its name, whether it passed, and one line saying what was seen.
 *
 * @param name   a short stable name ({@code webhook-configurations}, {@code serving-certificate}, ...)
 * @param ok     true when the install passes this check
 * @param detail what was seen, or what is wrong and where to look
 */
public record CheckResult(String name, boolean ok, String detail) {

    public static CheckResult pass(String name, String detail) {
        return new CheckResult(name, true, detail);
    }

    public static CheckResult fail(String name, String detail) {
        return new CheckResult(name, false, detail);
    }
}
