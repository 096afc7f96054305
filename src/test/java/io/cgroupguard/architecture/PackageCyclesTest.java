package io.cgroupguard.architecture;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packages under {@code io.cgroupguard} form a graph without cycles: a package that reaches back into one
 * that uses it can no longer be read, tested or moved on its own (the layout in docs/design.md depends on it).
 * The graph is read from the sources: imports and fully qualified names of {@code io.cgroupguard.<package>}.
 */
class PackageCyclesTest {

    private static final Path SOURCES = Path.of("src/main/java/io/cgroupguard");
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.cgroupguard\\.([a-z0-9]+)\\.");

    @Test
    void noPackageReachesBackIntoOneThatUsesIt() throws IOException {
        Map<String, Set<String>> graph = packageGraph();

        assertTrue(graph.containsKey("admission") && graph.get("admission").contains("nodestate"),
                "the package graph read from " + SOURCES + " is " + graph);
        assertEquals(Optional.empty(), cycle(graph), "a cycle among the packages (each uses the next)");
    }

    @Test
    void aCycleIsFoundAndNamed() {
        Map<String, Set<String>> graph = Map.of(
                "labeller", Set.of("nodestate"),
                "nodestate", Set.of("kube"),
                "kube", Set.of("labeller"),
                "admission", Set.of("nodestate"));

        assertEquals(Optional.of(List.of("nodestate", "kube", "labeller", "nodestate")), cycle(graph));
    }

    @Test
    void aGraphWithSharedDependenciesIsNoCycle() {
        Map<String, Set<String>> graph = Map.of(
                "cli", Set.of("admission", "nodestate"),
                "admission", Set.of("nodestate", "config"),
                "nodestate", Set.of("config"));

        assertEquals(Optional.empty(), cycle(graph));
    }

    /** Each package (a folder under {@link #SOURCES}; the root is "") and the other packages its files name. */
    private static Map<String, Set<String>> packageGraph() throws IOException {
        Map<String, Set<String>> graph = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String from = SOURCES.relativize(file.getParent()).toString().replace('/', '.');
                Set<String> uses = graph.computeIfAbsent(from, p -> new TreeSet<>());
                Matcher reference = REFERENCE.matcher(Files.readString(file));
                while (reference.find()) {
                    if (!reference.group(1).equals(from)) {
                        uses.add(reference.group(1));
                    }
                }
            }
        }
        return graph;
    }

    /** A path around one cycle (first package repeated at the end), or empty: a depth-first search. */
    static Optional<List<String>> cycle(Map<String, Set<String>> graph) {
        Set<String> done = new TreeSet<>();
        for (String start : new TreeSet<>(graph.keySet())) {
            Optional<List<String>> found = cycleFrom(start, graph, new ArrayDeque<>(), done);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    private static Optional<List<String>> cycleFrom(String node, Map<String, Set<String>> graph, Deque<String> path,
                                                    Set<String> done) {
        if (path.contains(node)) {
            List<String> around = new ArrayList<>();
            List<String> walked = new ArrayList<>(path);
            Collections.reverse(walked);
            around.addAll(walked.subList(walked.indexOf(node), walked.size()));
            around.add(node);
            return Optional.of(around);
        }
        if (!done.add(node)) {
            return Optional.empty();
        }
        path.push(node);
        for (String next : new TreeSet<>(graph.getOrDefault(node, Set.of()))) {
            Optional<List<String>> found = cycleFrom(next, graph, path, done);
            if (found.isPresent()) {
                return found;
            }
        }
        path.pop();
        return Optional.empty();
    }
}
