package io.cgroupguard.docs;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The links and heading anchors of a Markdown text, as GitHub renders it, for {@link DocLinksTest}. Enough of
 * CommonMark for this repository's docs: inline links and images, reference definitions, fenced code blocks and
 * code spans (whose brackets are not links).
 */
final class MarkdownLinks {

    private static final Pattern INLINE = Pattern.compile("!?\\[[^\\]]*]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    private static final Pattern REFERENCE = Pattern.compile("^\\s{0,3}\\[[^\\]]+]:\\s*<?(\\S+?)>?(?:\\s+.*)?$");
    private static final Pattern CODE_SPAN = Pattern.compile("(`+)[^`]*?\\1");
    private static final Pattern EXTERNAL = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
    private static final Pattern HEADING = Pattern.compile("^\\s{0,3}#{1,6}\\s+(.*?)\\s*#*\\s*$");

    private MarkdownLinks() {
    }

    /** The link targets that are not URLs with a scheme (http, https, mailto, ...), in order of appearance. */
    static List<String> relativeLinks(String markdown) {
        List<String> links = new ArrayList<>();
        for (String line : prose(markdown)) {
            String text = CODE_SPAN.matcher(line).replaceAll("");
            Matcher reference = REFERENCE.matcher(text);
            if (reference.matches()) {
                addIfRelative(links, reference.group(1));
                continue;
            }
            Matcher inline = INLINE.matcher(text);
            while (inline.find()) {
                addIfRelative(links, inline.group(1));
            }
        }
        return links;
    }

    /**
     * The anchors GitHub gives the headings: lower case, code ticks and punctuation other than {@code -} and
     * {@code _} dropped, spaces turned into {@code -}; a repeated heading gets {@code -1}, {@code -2}, ...
     */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : prose(markdown)) {
            Matcher heading = HEADING.matcher(line);
            if (!heading.matches()) {
                continue;
            }
            String slug = heading.group(1).toLowerCase()
                    .replaceAll("\\[([^\\]]*)]\\([^)]*\\)", "$1")
                    .replaceAll("[^\\p{L}\\p{N}\\s_-]", "")
                    .replace(' ', '-');
            int count = seen.merge(slug, 1, Integer::sum);
            anchors.add(count == 1 ? slug : slug + "-" + (count - 1));
        }
        return anchors;
    }

    /** The lines outside fenced code blocks. */
    private static List<String> prose(String markdown) {
        List<String> lines = new ArrayList<>();
        String fence = null;
        for (String line : markdown.split("\n", -1)) {
            String trimmed = line.strip();
            if (fence == null && (trimmed.startsWith("```") || trimmed.startsWith("~~~"))) {
                fence = trimmed.substring(0, 3);
            } else if (fence != null && trimmed.startsWith(fence)) {
                fence = null;
            } else if (fence == null) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static void addIfRelative(List<String> links, String target) {
        if (!EXTERNAL.matcher(target).find()) {
            links.add(target);
        }
    }
}
