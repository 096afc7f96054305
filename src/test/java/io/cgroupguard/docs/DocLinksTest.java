package io.cgroupguard.docs;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every relative link in the repository's Markdown (README, BENCHMARKS, docs/, and any other *.md outside the
 * build's own folders) names a file inside the repository, and its {@code #anchor}, if any, a heading of that
 * file: a clone of the repository must be readable on its own. External (http, https, mailto) links are not
 * followed.
 */
class DocLinksTest {

    /** Maven runs tests in the project folder, which is the repository's root. */
    private static final Path ROOT = Path.of("").toAbsolutePath().normalize();

    /** Folders whose Markdown is not the project's documentation (sources, build output, VCS, dependencies). */
    private static final Set<String> NOT_DOCS = Set.of("src", "target", ".git", "node_modules");

    static Stream<Arguments> links() throws IOException {
        List<Arguments> all = new ArrayList<>();
        for (Path file : markdownFiles()) {
            String relative = ROOT.relativize(file).toString();
            for (String link : MarkdownLinks.relativeLinks(Files.readString(file))) {
                all.add(Arguments.of(relative, link));
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("links")
    void relativeLink_resolvesInsideTheRepository(String file, String link) throws IOException {
        int hash = link.indexOf('#');
        String path = hash < 0 ? link : link.substring(0, hash);
        String anchor = hash < 0 ? "" : link.substring(hash + 1);
        Path from = ROOT.resolve(file);
        Path target = path.isEmpty() ? from : from.getParent().resolve(decode(path)).normalize();

        assertTrue(target.startsWith(ROOT), file + " links outside the repository: " + link);
        assertTrue(Files.exists(target), file + " links to a missing file: " + link);
        if (!anchor.isEmpty() && target.toString().endsWith(".md")) {
            assertTrue(MarkdownLinks.anchors(Files.readString(target)).contains(anchor),
                    file + " links to a heading that " + ROOT.relativize(target) + " does not have: #" + anchor);
        }
    }

    /** The link finder itself: a link test that found no links would pass whatever the docs say. */
    static Stream<Arguments> extraction() {
        return Stream.of(
                Arguments.of("inlineLink_isFound", "see [the design](docs/design.md).", List.of("docs/design.md")),
                Arguments.of("linkWithTitle_keepsOnlyTheTarget", "[a](a.md \"title\")", List.of("a.md")),
                Arguments.of("imageAndAnchor_areFound", "![x](img/x.png) [h](#set-up)", List.of("img/x.png", "#set-up")),
                Arguments.of("referenceDefinition_isFound", "[ref]: ../outside.md", List.of("../outside.md")),
                Arguments.of("externalLinks_areNotFollowed",
                        "[a](https://kernel.org) [b](http://x) [c](mailto:a@b.c)", List.of()),
                Arguments.of("linksInCode_areNotLinks",
                        "`[a](in-span.md)`\n```sh\n[b](in-fence.md)\n```\n[c](after.md)", List.of("after.md")),
                Arguments.of("tableCellLinks_areFound", "| x | [docs/install.md](docs/install.md) |",
                        List.of("docs/install.md")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("extraction")
    void findsRelativeLinks(String name, String markdown, List<String> expected) {
        assertEquals(expected, MarkdownLinks.relativeLinks(markdown));
    }

    static Stream<Arguments> headings() {
        return Stream.of(
                Arguments.of("## Set up", "set-up"),
                Arguments.of("## In a cluster, and the other parts", "in-a-cluster-and-the-other-parts"),
                Arguments.of("### Clusters older than 1.16", "clusters-older-than-116"),
                Arguments.of("## The `nodes` report", "the-nodes-report"),
                Arguments.of("## Configuration (`cgroup-guard.labeller.`)", "configuration-cgroup-guardlabeller"));
    }

    @ParameterizedTest(name = "{0} -> #{1}")
    @MethodSource("headings")
    void headingAnchor_isGitHubsSlug(String heading, String anchor) {
        assertTrue(MarkdownLinks.anchors(heading + "\n").contains(anchor), MarkdownLinks.anchors(heading).toString());
    }

    @org.junit.jupiter.api.Test
    void repositoryHasLinksToCheck() throws IOException {
        assertFalse(links().findAny().isEmpty(), "no relative links found under " + ROOT);
    }

    private static List<Path> markdownFiles() throws IOException {
        try (Stream<Path> walk = Files.walk(ROOT)) {
            return walk.filter(p -> p.toString().endsWith(".md"))
                    .filter(p -> ROOT.relativize(p).getNameCount() == 1
                            || !NOT_DOCS.contains(ROOT.relativize(p).getName(0).toString()))
                    .filter(p -> !p.toString().contains("/node_modules/"))
                    .sorted()
                    .toList();
        }
    }

    private static String decode(String path) {
        try {
            return java.net.URLDecoder.decode(path.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new UncheckedIOException(new IOException("bad escape in link " + path, e));
        }
    }
}
