package io.cgroupguard.cli;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parsed command-line arguments: {@code --name value} or {@code --name=value} options, {@code --flag}s and
 * positional operands. Unknown options are an error, so a typo never silently changes what a command does.
 */
public final class Arguments {

    private final Map<String, String> options = new HashMap<>();
    private final List<String> operands = new ArrayList<>();

    private Arguments() {
    }

    /**
     * @param valued options that take a value
     * @param flags  options that take none
     * @throws IllegalArgumentException with a one-line message on an unknown or incomplete option
     */
    public static Arguments parse(List<String> args, Set<String> valued, Set<String> flags) {
        Arguments parsed = new Arguments();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                parsed.operands.add(arg);
                continue;
            }
            int eq = arg.indexOf('=');
            String name = eq < 0 ? arg.substring(2) : arg.substring(2, eq);
            if (flags.contains(name) && eq < 0) {
                parsed.options.put(name, "true");
            } else if (valued.contains(name)) {
                if (eq >= 0) {
                    parsed.options.put(name, arg.substring(eq + 1));
                } else if (i + 1 < args.size()) {
                    parsed.options.put(name, args.get(++i));
                } else {
                    throw new IllegalArgumentException("option --" + name + " needs a value");
                }
            } else {
                throw new IllegalArgumentException("unknown option --" + name);
            }
        }
        return parsed;
    }

    public Optional<String> option(String name) {
        return Optional.ofNullable(options.get(name));
    }

    public boolean flag(String name) {
        return options.containsKey(name);
    }

    public List<String> operands() {
        return operands;
    }
}
