package org.lct.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The documentation a newcomer reads: README.md stays short, and every relative link in it and in docs/ (ADRs
 * included) leads to a file or directory of the checkout, and to a heading of the target when it names one.
 * Links inside fenced code blocks are code, not links.
 */
class DocsLinksTest {

    private static final Path ROOT = Path.of(System.getProperty("lct.repository", "..")).toAbsolutePath().normalize();
    /** [text](target) and [text](target "title"), not images' data URIs. */
    private static final Pattern LINK = Pattern.compile("\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*?)\\s*#*\\s*$");

    @Test
    void shouldKeepTheReadmeShort() throws IOException {
        long size = Files.size(ROOT.resolve("README.md"));
        assertTrue(size <= 10 * 1024, "README.md is " + size + " bytes; keep it at most 10 KB and move detail to docs/");
    }

    @Test
    void shouldResolveEveryRelativeLinkOfTheReadmeAndTheDocs() throws IOException {
        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path file : documents()) {
            for (String target : links(file)) {
                checked++;
                String problem = problem(file, target);
                if (problem != null) {
                    broken.add(ROOT.relativize(file) + ": (" + target + ") " + problem);
                }
            }
        }
        assertTrue(checked > 50, "only " + checked + " links found: is the link pattern still right?");
        assertEquals(List.of(), broken, "broken links");
    }

    @Test
    void shouldSpeakToUsersAndMaintainersOnly() throws IOException {
        Pattern internal = Pattern.compile("(?i)issue #\\d|these machines|the build machines?\\b|\\bprevious session");
        List<String> found = new ArrayList<>();
        for (Path file : documents()) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (internal.matcher(lines.get(i)).find()) {
                    found.add(ROOT.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertEquals(List.of(), found, "sentences about how the project was built rather than how to use it");
    }

    /** README.md and every Markdown file under docs/. */
    private static List<Path> documents() throws IOException {
        List<Path> files = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        return files;
    }

    /** The relative link targets of a Markdown file, outside fenced code blocks. */
    static List<String> links(Path file) throws IOException {
        List<String> targets = new ArrayList<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.stripLeading().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher link = LINK.matcher(line.replaceAll("`[^`]*`(?!\\])", "``"));
            while (link.find()) {
                String target = link.group(1);
                if (!target.matches("(?i)^[a-z][a-z0-9+.-]*:.*")) { // http:, https:, mailto: are not relative
                    targets.add(target);
                }
            }
        }
        return targets;
    }

    /** Why a link does not resolve, or null when it does. */
    private static String problem(Path file, String target) {
        int hash = target.indexOf('#');
        String path = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        Path resolved = path.isEmpty() ? file : file.getParent().resolve(path).normalize();
        if (!resolved.startsWith(ROOT)) {
            return "points outside the repository";
        }
        if (!Files.exists(resolved)) {
            return "no such file or directory: " + ROOT.relativize(resolved);
        }
        if (anchor != null && resolved.toString().endsWith(".md") && !anchors(resolved).contains(anchor)) {
            return "no heading with anchor #" + anchor + " in " + ROOT.relativize(resolved);
        }
        return null;
    }

    /** The anchors of a Markdown file's headings, as GitHub makes them. */
    static Set<String> anchors(Path file) {
        Set<String> anchors = new HashSet<>();
        boolean fenced = false;
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.stripLeading().startsWith("```")) {
                    fenced = !fenced;
                }
                Matcher heading = HEADING.matcher(line);
                if (!fenced && heading.matches()) {
                    String base = slug(heading.group(1));
                    String anchor = base;
                    for (int n = 1; !anchors.add(anchor); n++) {
                        anchor = base + "-" + n;
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return anchors;
    }

    /** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").toLowerCase(Locale.ROOT);
        StringBuilder slug = new StringBuilder();
        text.codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                slug.appendCodePoint(c);
            } else if (c == ' ') {
                slug.append('-');
            }
        });
        return slug.toString();
    }
}
