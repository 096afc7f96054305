package io.cgroupguard.probe;

/** A node's cgroup state could not be read; the message is one line saying which file and why. */
public final class CgroupReadException extends Exception {

    public CgroupReadException(String message) {
        super(message);
    }
}
