package io.cgroupguard.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The CLI commands, dispatched by their first argument. */
public final class Commands {

    /** Exit status for a usage error or unreadable input. */
    public static final int USAGE = 64;

    private static final List<Command> ALL = List.of(new ReviewCommand(), new CertsCommand(), new DoctorCommand(),
            new NodesCommand(), new CheckCommand());

    private Commands() {
    }

    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, Command> byName = new LinkedHashMap<>();
        ALL.forEach(c -> byName.put(c.name(), c));
        String name = args.length == 0 ? "help" : args[0];
        if (name.equals("help") || name.equals("--help") || name.equals("-h")) {
            usage(out, byName);
            return 0;
        }
        Command command = byName.get(name);
        if (command == null) {
            err.println("unknown command '" + name + "'");
            usage(err, byName);
            return USAGE;
        }
        return command.run(Arrays.asList(args).subList(1, args.length), out, err);
    }

    private static void usage(PrintStream out, Map<String, Command> byName) {
        out.println("usage: java -jar quarkus-run.jar [COMMAND] [ARGS]");
        out.println();
        out.printf("  %-8s %s%n", "serve", "run the admission webhook (the default without a command)");
        out.printf("  %-8s %s%n", "agent", "run the node agent (the DaemonSet)");
        byName.values().forEach(c -> out.printf("  %-8s %s%n", c.name(), c.summary()));
    }
}
