package io.cgroupguard.agent;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The agent's launch line as the image and the DaemonSet run it ({@code java @/deployments/agent/java.args
 * io.cgroupguard.Main agent}), held to what the build produced: every class path entry of the built
 * {@code java.args} is a jar of the packaged application ({@code target/quarkus-app}, which the image copies to
 * {@code /deployments}), so a version bump that renames a jar fails here and not on the nodes; the agent started
 * from exactly that class path publishes its condition and loads none of the framework; and the class list the
 * image dumps the agent's archive from holds every class of the agent's own that it loaded, so a changed code path
 * does not silently fall out of the archive.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class AgentLaunchIT {

    static KubernetesClient client;

    /** What the build writes from {@code src/main/docker/agent/java.args}; the image copies it to IMAGE_ARGS. */
    private static final Path BUILT_ARGS = Path.of("target/agent/java.args");
    /** Where the image has the packaged application ({@code COPY target/quarkus-app/... /deployments/...}). */
    private static final String IMAGE_ROOT = "/deployments/";
    private static final Path PACKAGED = Path.of("target/quarkus-app");
    private static final Path CLASS_LIST = Path.of("src/main/docker/agent/classes.lst");

    @Test
    void builtLaunchLine_namesThePackagedJars_andRunsTheAgentWithoutTheFramework(@TempDir Path dir)
            throws Exception {
        List<String> args = Arrays.asList(Files.readString(BUILT_ARGS).strip().split("\\s+"));
        assertTrue(args.contains("-XX:SharedArchiveFile=/deployments/agent/agent.jsa"), args.toString());
        List<Path> jars = Arrays.stream(args.get(args.indexOf("-cp") + 1).split(":"))
                .map(AgentLaunchIT::packaged).toList();
        for (Path jar : jars) {
            assertTrue(Files.isRegularFile(jar), jar + ", named by " + BUILT_ARGS + ", is not in the package");
        }

        Path classes = dir.resolve("classes.txt");
        String classPath = jars.stream().map(Path::toString).collect(Collectors.joining(":"));
        AgentMainProcessTest.publishAndStop(client, classPath, "node-l", dir, classes);

        List<String> loaded = AgentMainProcessTest.loaded(classes);
        AgentMainProcessTest.assertLoadsNoFramework(loaded);
        Set<String> listed = classList();
        // Lambdas are hidden classes named per run; the list records them by their call site instead.
        List<String> unlisted = loaded.stream()
                .filter(c -> c.startsWith("io.cgroupguard.") || c.startsWith("com.fasterxml."))
                .filter(c -> !c.contains("$$Lambda") && !listed.contains(c)).toList();
        assertEquals(List.of(), unlisted, "classes the agent loads that " + CLASS_LIST + " lacks, so the image's "
                + "archive would not hold them: run bench/agent-classlist.sh");
    }

    private static Path packaged(String imagePath) {
        assertTrue(imagePath.startsWith(IMAGE_ROOT), imagePath + " is not under " + IMAGE_ROOT);
        return PACKAGED.resolve(imagePath.substring(IMAGE_ROOT.length()));
    }

    /** The class names of the list, as the JVM's class list writes them ({@code java/lang/Object}). */
    private static Set<String> classList() throws IOException {
        return Files.readAllLines(CLASS_LIST).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#") && !l.startsWith("@"))
                .map(l -> l.split("\\s+")[0].replace('/', '.')).collect(Collectors.toSet());
    }
}
