package io.cgroupguard.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/**
 * Copies of the fixture hosts under {@code src/test/resources/hosts/}: tests that change a host's files (ids
 * growing, a host that turns readable) work on a copy, never on the fixture itself.
 */
public final class HostFixtures {

    private HostFixtures() {
    }

    /** Copies the tree {@code from} into {@code to} (made as needed) and returns {@code to}. */
    public static Path copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path source : files.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return to;
    }
}
