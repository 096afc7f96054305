package io.cgroupguard.container;

import io.cgroupguard.testing.Processes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The guard's image, built once per run as the README builds it: the offline Java base from
 * {@code src/main/docker/offline-base.sh}, then {@code docker build} of {@code src/main/docker/Dockerfile.jvm} over
 * the packaged application, tagged as the installs name it.
 */
final class GuardImage {

    static final String NAME = "cgroup-guard:" + System.getProperty("project.version");

    private static String built;

    private GuardImage() {
    }

    /** The image reference, built on first use. */
    static synchronized String build() {
        if (built == null) {
            if (!Files.isRegularFile(Path.of("target/quarkus-app/quarkus-run.jar"))) {
                throw new IllegalStateException("target/quarkus-app is missing: the container tests run after"
                        + " `package` (mvn -B verify -Pcontainer)");
            }
            List<String> script = List.of("bash", "src/main/docker/offline-base.sh");
            Processes.Result base = Processes.run(Duration.ofMinutes(15), script).orFail(script);
            String[] lines = base.out().strip().split("\n");
            String baseImage = lines[lines.length - 1].strip();
            Docker.docker(Duration.ofMinutes(10), "build", "-f", "src/main/docker/Dockerfile.jvm",
                    "--build-arg", "BASE_IMAGE=" + baseImage, "-t", NAME, ".")
                    .orFail(List.of("docker", "build", NAME));
            built = NAME;
        }
        return built;
    }
}
