package io.cgroupguard.bench;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Rewrites a JSON file without white space, the way the apiserver sends an AdmissionReview; the examples are
 * indented for people to read, the benchmark must send what a webhook really receives.
 */
public final class CompactJson {

    private CompactJson() {
    }

    /** {@code java ... CompactJson IN OUT}. */
    public static void main(String[] args) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        Files.write(Path.of(args[1]), mapper.writeValueAsBytes(mapper.readTree(Path.of(args[0]).toFile())));
    }
}
