package io.cgroupguard.nodestate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Nodes decoded by the application's mapper: every field a consumer reads, and never the image list. */
class WithoutNodeImagesTest {

    static final String NODE = """
            {"apiVersion":"v1","kind":"Node","metadata":{"name":"worker-1","uid":"u-1","resourceVersion":"7",
             "labels":{"cgroup-guard.io/state":"exhausted"},"annotations":{"cgroup-guard.io/reason":"ENOSPC"}},
             "spec":{"taints":[{"key":"cgroup-guard.io/exhausted","effect":"NoSchedule"}]},
             "status":{%s"nodeInfo":{"bootID":"boot-1","kernelVersion":"3.10.0"},
              "conditions":[{"type":"CgroupExhausted","status":"True"}],"futureField":{"kept":true}}}
            """;

    static Stream<Arguments> images() {
        return Stream.of(
                Arguments.of("skipsImages_whenTheNodeListsSome", "\"images\":[{\"names\":[\"registry.example/a:1\","
                        + "\"registry.example/a@sha256:00\"],\"sizeBytes\":1073741824},{\"names\":[\"b:2\"]}],"),
                Arguments.of("skipsImages_whenTheListIsEmpty", "\"images\":[],"),
                Arguments.of("decodesTheRest_whenThereAreNoImages", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void decodesEveryReadFieldButNoImage(String name, String images) {
        KubernetesSerialization serialization =
                new KubernetesSerialization(WithoutNodeImages.apply(new ObjectMapper()), true);
        Node node = serialization.unmarshal(NODE.formatted(images), Node.class);
        assertTrue(node.getStatus().getImages().isEmpty(), "images: " + node.getStatus().getImages());
        assertEquals("exhausted", node.getMetadata().getLabels().get("cgroup-guard.io/state"));
        assertEquals("ENOSPC", node.getMetadata().getAnnotations().get("cgroup-guard.io/reason"));
        assertEquals("cgroup-guard.io/exhausted", node.getSpec().getTaints().get(0).getKey());
        assertEquals("boot-1", node.getStatus().getNodeInfo().getBootID());
        assertEquals("3.10.0", node.getStatus().getNodeInfo().getKernelVersion());
        assertEquals("CgroupExhausted", node.getStatus().getConditions().get(0).getType());
        // A field this model does not know is still kept aside, as without the mixin: only images are skipped.
        assertEquals(1, node.getStatus().getAdditionalProperties().size(), node.getStatus().getAdditionalProperties()
                .toString());
    }
}
