package io.cgroupguard.snapshot;

import io.cgroupguard.nodestate.NodeState;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ListFileReaderTest {

    private final ListFileReader<io.fabric8.kubernetes.api.model.Node> reader = ListFileReader.nodes();

    static Stream<Arguments> lists() {
        return Stream.of(
                Arguments.of("yamlList", "kind: List\nitems:\n- kind: Node\n  metadata: {name: a}\n- kind: Node\n  metadata: {name: b}\n", 2),
                Arguments.of("jsonNodeList", "{\"kind\":\"NodeList\",\"items\":[{\"metadata\":{\"name\":\"a\"}}]}", 1),
                Arguments.of("singleNode", "kind: Node\nmetadata: {name: a}\n", 1),
                Arguments.of("emptyList", "kind: List\nitems: []\n", 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("lists")
    void readsWhatKubectlPrints(String name, String content, int count) throws Exception {
        assertEquals(count, reader.parse("f", content.getBytes(StandardCharsets.UTF_8)).size());
    }

    static Stream<Arguments> badLists() {
        return Stream.of(
                Arguments.of("notYaml", "kind: [unclosed", "not YAML or JSON"),
                Arguments.of("scalar", "just words", "not a node list"),
                Arguments.of("pods", "kind: PodList\nitems: []\n", "kind is 'PodList'"),
                Arguments.of("podInList", "kind: List\nitems:\n- kind: Pod\n  metadata: {name: p}\n", "item 0 is a Pod"),
                Arguments.of("nameless", "kind: List\nitems:\n- kind: Node\n  metadata: {}\n", "no metadata.name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badLists")
    void badFile_givesOneLineNamingIt(String name, String content, String reason) {
        var e = assertThrows(ListFileException.class,
                () -> reader.parse("nodes.yaml", content.getBytes(StandardCharsets.UTF_8)));

        assertTrue(e.getMessage().startsWith("nodes.yaml: "), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }

    @Test
    void missingFile_saysSo(@TempDir Path dir) {
        var e = assertThrows(ListFileException.class, () -> reader.read(dir.resolve("x.yaml")));

        assertTrue(e.getMessage().endsWith("x.yaml: no such file"), e.getMessage());
    }

    @Test
    void bundledExample_parses() throws Exception {
        var nodes = reader.read("examples/nodes.yaml",
                getClass().getClassLoader().getResourceAsStream("examples/nodes.yaml"), NodeState::of);

        assertEquals(3, nodes.size());
        assertTrue(nodes.get(1).exhausted());
    }

    @Test
    void kubeletEventFixture_readsAsEvents() throws Exception {
        var events = ListFileReader.events().read(Path.of("src/test/resources/labeller/kubelet-events.yaml"));

        assertEquals(6, events.size());
        assertEquals("FailedCreatePodContainer", events.get(0).getReason());
    }

    @Test
    void nodeListReadAsEvents_saysWhatItIs() {
        var e = assertThrows(ListFileException.class,
                () -> ListFileReader.events().parse("n.yaml", "kind: NodeList\nitems: []\n".getBytes(StandardCharsets.UTF_8)));

        assertTrue(e.getMessage().startsWith("n.yaml: not an event list: kind is 'NodeList', expected List or EventList"),
                e.getMessage());
    }

    @Test
    void itemsAreStreamed_whateverTheOrderOfKindAndItems() throws Exception {
        // kubectl -o json writes items before kind; the list kind is checked once the object is read.
        String json = "{\"apiVersion\":\"v1\",\"items\":[{\"kind\":\"Node\",\"metadata\":{\"name\":\"a\"}}],"
                + "\"kind\":\"List\",\"metadata\":{\"resourceVersion\":\"\"}}";
        String wrongKind = json.replace("\"kind\":\"List\"", "\"kind\":\"PodList\"");

        assertEquals(1, reader.parse("f", json.getBytes(StandardCharsets.UTF_8)).size());
        var e = assertThrows(ListFileException.class, () -> reader.parse("f", wrongKind.getBytes(StandardCharsets.UTF_8)));
        assertTrue(e.getMessage().contains("kind is 'PodList'"), e.getMessage());
    }

    @Test
    void readingALargeFile_leavesNoFileSizedDirectBufferBehind(@TempDir Path dir) throws Exception {
        // The nodes-file poller is one long-lived thread: whatever direct buffer the JDK caches for it while
        // reading stays for the life of the process. 8 MiB of list (padding, then one node: read to its end)
        // against a 1 MiB bound.
        Path file = dir.resolve("nodes.json");
        Files.writeString(file, " ".repeat(8 << 20)
                + "{\"kind\":\"List\",\"items\":[{\"metadata\":{\"name\":\"a\"}}]}");
        BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(pool -> pool.getName().equals("direct")).findFirst().orElseThrow();
        AtomicLong grown = new AtomicLong();
        AtomicReference<Object> read = new AtomicReference<>();

        Thread poller = new Thread(() -> {
            long before = direct.getMemoryUsed();
            try {
                read.set(reader.read(file).size());
            } catch (ListFileException e) {
                read.set(e.getMessage());
            }
            grown.set(direct.getMemoryUsed() - before);
        });
        poller.start();
        poller.join();

        assertEquals(1, read.get());
        assertTrue(grown.get() < (1 << 20), "direct memory kept after reading: " + grown.get() + " bytes");
    }
}
