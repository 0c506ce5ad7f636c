package org.lct.deploy;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Assumptions;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Renders the overlays of {@code deploy/overlays} with Kustomize 5 or newer: {@code LCT_KUSTOMIZE} (a command), else
 * a {@code kustomize} on the PATH, else the one built into {@code kubectl} ({@code kubectl kustomize}). Without one
 * the tests are skipped, except under {@code CI=true}, where they fail: CI must never pass without rendering.
 */
final class Kustomize {

    static final Path ROOT = Path.of(System.getProperty("lct.root", "..")).toAbsolutePath().normalize();
    static final Path DEPLOY = ROOT.resolve("deploy");
    private static final int MINIMUM_MAJOR_VERSION = 5;
    private static final Pattern VERSION = Pattern.compile("(?:Kustomize Version: |kustomize/)?v(\\d+)\\.\\d+");
    private static final Map<String, List<ObjectNode>> RENDERED = new ConcurrentHashMap<>();
    private static volatile List<String> renderer;

    private Kustomize() {
    }

    /** The overlay names (directories of deploy/overlays), sorted. */
    static List<String> overlays() {
        try (Stream<Path> children = Files.list(DEPLOY.resolve("overlays"))) {
            return children.filter(Files::isDirectory).map(path -> path.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot list " + DEPLOY.resolve("overlays"), e);
        }
    }

    /** Every object the overlay renders, in Kustomize's order. */
    static List<ObjectNode> render(String overlay) {
        return RENDERED.computeIfAbsent(overlay, name -> parse(run(DEPLOY.resolve("overlays").resolve(name))));
    }

    /** Renders any kustomization directory (the tests' own broken examples, too). */
    static List<ObjectNode> render(Path kustomization) {
        return parse(run(kustomization));
    }

    private static List<ObjectNode> parse(String yaml) {
        try {
            return new YAMLMapper().readerFor(ObjectNode.class).<ObjectNode>readValues(yaml).readAll();
        } catch (IOException e) {
            throw new IllegalStateException("Kustomize printed what is not YAML", e);
        }
    }

    private static String run(Path kustomization) {
        List<String> command = new ArrayList<>(renderer());
        command.add(kustomization.toString());
        Output output = exec(command);
        if (output.code() != 0) {
            fail(String.join(" ", command) + " failed (exit " + output.code() + "):\n" + output.stderr());
        }
        return output.stdout();
    }

    private static List<String> renderer() {
        if (renderer == null) {
            renderer = findRenderer();
        }
        return renderer;
    }

    private static List<String> findRenderer() {
        String configured = System.getenv("LCT_KUSTOMIZE");
        if (configured != null && !configured.isBlank()) {
            return List.of(configured.trim().split("\\s+"));
        }
        List<String> seen = new ArrayList<>();
        Optional<Path> kustomize = onPath("kustomize");
        if (kustomize.isPresent()) {
            String version = exec(List.of(kustomize.get().toString(), "version")).stdout();
            seen.add(kustomize.get() + " " + version.strip());
            if (majorVersion(version) >= MINIMUM_MAJOR_VERSION) {
                return List.of(kustomize.get().toString(), "build");
            }
        }
        Optional<Path> kubectl = onPath("kubectl");
        if (kubectl.isPresent()) {
            String version = exec(List.of(kubectl.get().toString(), "version", "--client")).stdout();
            seen.add(kubectl.get() + ": " + version.strip().replace('\n', ';'));
            if (majorVersion(version.lines().filter(line -> line.contains("Kustomize")).findFirst().orElse("")) >= MINIMUM_MAJOR_VERSION) {
                return List.of(kubectl.get().toString(), "kustomize");
            }
        }
        String why = "No Kustomize " + MINIMUM_MAJOR_VERSION + "+ to render deploy/overlays: install kubectl 1.27 or newer, or kustomize 5, "
                + "or set LCT_KUSTOMIZE to a command (./lct test installs kubectl when missing where it can). Found: "
                + (seen.isEmpty() ? "neither kustomize nor kubectl on the PATH" : String.join("; ", seen));
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(why);
        }
        Assumptions.abort(why);
        throw new AssertionError("unreachable");
    }

    private static int majorVersion(String text) {
        Matcher matcher = VERSION.matcher(text);
        return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
    }

    private static Optional<Path> onPath(String name) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, name))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private record Output(int code, String stdout, String stderr) {
    }

    private static Output exec(List<String> command) {
        try {
            Path stdout = Files.createTempFile("kustomize", ".out");
            Path stderr = Files.createTempFile("kustomize", ".err");
            try {
                Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                    fail(String.join(" ", command) + " did not finish within 120 s");
                }
                return new Output(process.exitValue(), Files.readString(stdout, StandardCharsets.UTF_8),
                        Files.readString(stderr, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(stdout);
                Files.deleteIfExists(stderr);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }
}
