package io.cgroupguard.cli;

import java.io.PrintStream;
import java.util.List;

/** One CLI command: runs in plain Java, opens no port, and returns its exit status. */
public interface Command {

    /** The word that selects it, e.g. {@code review}. */
    String name();

    /** One line for the command list. */
    String summary();

    /** Runs with the arguments after the command's name. */
    int run(List<String> args, PrintStream out, PrintStream err);
}
