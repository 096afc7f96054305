package io.cgroupguard.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

/**
 * The Kubernetes objects of an install, read with the fabric8 client's serializer exactly as the client
 * would read them, with lookups by type and name for the contract tests.
 *
 * @param source       where they came from, for failure messages
 * @param objects      every document, typed by its apiVersion and kind
 * @param apiVersions  the apiVersion each document was written in, by {@code kind/name}
 */
record InstallObjects(String source, List<HasMetadata> objects, Map<String, String> apiVersions) {

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final YAMLMapper YAML = new YAMLMapper();

    /**
     * Older API versions of the same objects, read as the current ones: the pre-1.16 overlay must keep the same
     * contract, and these kinds kept their field names between the versions.
     */
    private static final Map<String, String> SAME_FIELDS_AS = Map.of(
            "admissionregistration.k8s.io/v1beta1", "admissionregistration.k8s.io/v1",
            "policy/v1beta1", "policy/v1");

    /** Reads a multi-document YAML stream, e.g. the output of {@code kubectl kustomize}. */
    static InstallObjects parse(String source, String yaml) {
        List<HasMetadata> objects = new ArrayList<>();
        Map<String, String> apiVersions = new HashMap<>();
        try {
            for (JsonNode document : YAML.readerFor(JsonNode.class).readValues(yaml).readAll().stream()
                    .map(JsonNode.class::cast).toList()) {
                if (document == null || document.isNull() || document.isEmpty()) {
                    continue;
                }
                String apiVersion = document.path("apiVersion").asText();
                apiVersions.put(document.path("kind").asText() + "/" + document.path("metadata").path("name").asText(),
                        apiVersion);
                if (SAME_FIELDS_AS.containsKey(apiVersion)) {
                    ((ObjectNode) document).put("apiVersion", SAME_FIELDS_AS.get(apiVersion));
                }
                objects.add((HasMetadata) SERIALIZATION.convertValue(document, KubernetesResource.class));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + source, e);
        }
        return new InstallObjects(source, objects, apiVersions);
    }

    /** Reads every resource file of a folder, not the kustomization itself. */
    static InstallObjects files(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            StringBuilder yaml = new StringBuilder();
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml"))
                    .filter(f -> !f.getFileName().toString().equals("kustomization.yaml")).sorted().toList()) {
                yaml.append(Files.readString(file)).append("\n---\n");
            }
            return parse("the files in " + dir, yaml.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    <T extends HasMetadata> List<T> all(Class<T> type) {
        return objects.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends HasMetadata> T one(Class<T> type, String name) {
        return all(type).stream().filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException(source + " has no " + type.getSimpleName() + " "
                        + name + "; it has " + objects.stream()
                        .map(o -> o.getKind() + "/" + o.getMetadata().getName()).toList()));
    }

    @Override
    public String toString() {
        return source;
    }
}
