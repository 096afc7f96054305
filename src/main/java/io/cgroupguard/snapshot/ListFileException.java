package io.cgroupguard.snapshot;

/** A list file that cannot be used; the message is one line a person can act on. */
public final class ListFileException extends Exception {

    public ListFileException(String message) {
        super(message);
    }
}
