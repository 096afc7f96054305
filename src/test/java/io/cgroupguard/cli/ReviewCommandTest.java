package io.cgroupguard.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReviewCommandTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void pinnedPodOnExhaustedExampleNode_isDenied_withExitStatus1() {
        int status = run("review", "--nodes-file", "examples/nodes.yaml", "examples/review-pinned-pod.json");

        assertEquals(1, status, err.toString());
        assertTrue(out.toString().contains("\"allowed\" : false"), out.toString());
        assertTrue(out.toString().contains("kubectl label node worker-2 cgroup-guard.io/override=healthy --overwrite"));
    }

    @Test
    void examplePodCreate_isPatched_withExitStatus0() {
        int status = run("review", "--endpoint", "mutate", "--nodes-file", "examples/nodes.yaml",
                "examples/review-create-pod.json");

        assertEquals(0, status, err.toString());
        assertTrue(out.toString().contains("\"patchType\" : \"JSONPatch\""), out.toString());
    }

    @Test
    void auditMode_allows() {
        assertEquals(0, run("review", "--enforcement", "audit", "--nodes-file", "examples/nodes.yaml",
                "examples/review-pinned-pod.json"));
    }

    @Test
    void missingNodesFile_isOneClearLine() {
        int status = run("review", "--nodes-file", "no-such.yaml", "examples/review-pinned-pod.json");

        assertEquals(Commands.USAGE, status);
        assertEquals("review: no-such.yaml: no such file\n", err.toString());
    }

    @Test
    void malformedReview_isOneClearLine(@TempDir Path dir) throws Exception {
        Path review = Files.writeString(dir.resolve("r.json"), "{}");

        int status = run("review", "--nodes-file", "examples/nodes.yaml", review.toString());

        assertEquals(Commands.USAGE, status);
        assertTrue(err.toString().startsWith("review: unsupported apiVersion"), err.toString());
    }

    @Test
    void unknownOption_isRefused() {
        assertEquals(Commands.USAGE, run("review", "--nodes", "x", "y"));
        assertTrue(err.toString().contains("unknown option --nodes"));
    }

    @Test
    void unknownCommand_listsTheCommands() {
        assertEquals(Commands.USAGE, run("frobnicate"));
        assertTrue(err.toString().contains("unknown command 'frobnicate'"));
        assertTrue(err.toString().contains("review"));
    }

    private int run(String... args) {
        return Commands.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }
}
