package org.lct.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a stranger does first: asks {@code ./lct} for help, mistypes a command, asks for the version, then runs the
 * README's three first requests against {@code ./lct up}. The help and error paths run in a fresh clone of HEAD
 * that is never built, and must leave it exactly as cloned (no {@code .lct/}, no {@code target/}) with no process of
 * theirs left; the first requests run against the platform of this test JVM ({@link Platform#get()}).
 */
class NewcomerPathTest {

    private static final List<String> COMMANDS = List.of("test", "up", "import", "token", "db");
    private static final long COMMAND_TIMEOUT_SECONDS = 20;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private static Path workDir;
    private static Path clone;

    record Run(int exitCode, String stdout, String stderr) {
    }

    @BeforeAll
    static void cloneTheCheckout() throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("lct.repository", "..")).toAbsolutePath().normalize();
        workDir = Files.createTempDirectory("lct-newcomer-");
        clone = workDir.resolve("lct");
        assertEquals(0, exec(workDir, "git", "clone", "--quiet", root.toString(), clone.toString()).exitCode());
        String head = exec(root, "git", "rev-parse", "HEAD").stdout().strip();
        assertEquals(0, exec(clone, "git", "checkout", "--quiet", "--detach", head).exitCode());
    }

    @AfterAll
    static void deleteTheClone() throws IOException {
        if (workDir != null) {
            try (Stream<Path> paths = Files.walk(workDir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    @Test
    void shouldPrintHelpAndStartNothing() {
        Run help = lct("--help");
        for (String command : COMMANDS) {
            assertTrue(help.stdout().contains("  " + command + " "), "./lct --help lists " + command + ":\n" + help.stdout());
        }
        assertTrue(help.stdout().contains("--version"), help.stdout());
        assertEquals(help, lct("-h"));
        assertEquals(help, lct("help"));
        for (String command : COMMANDS) {
            Run commandHelp = lct(command, "--help");
            assertTrue(commandHelp.stdout().startsWith("Usage: ./lct " + command), commandHelp.stdout());
            assertEquals(commandHelp, lct(command, "-h"));
            assertEquals(commandHelp, lct("help", command));
        }
        // help anywhere among a command's arguments wins over doing the work
        assertTrue(lct("token", "alice", "--help").stdout().startsWith("Usage: ./lct token"));
        assertTrue(lct("db", "reset", "--help").stdout().startsWith("Usage: ./lct db"));
        assertTrue(lct("import", "districts", "dataset/districts_2023_24_nces.csv", "--help").stdout()
                .startsWith("Usage: ./lct import"));
        assertTrue(lct("test", "-pl", "migrations", "--help").stdout().startsWith("Usage: ./lct test"));
    }

    @Test
    void shouldNameTheCulpritOnStderrAndExit2() {
        assertUsageError(lct2("frobnicate"), "'frobnicate'");
        assertUsageError(lct2("--frobnicate"), "'--frobnicate'");
        assertUsageError(lct2("help", "frobnicate"), "'frobnicate'");
        assertUsageError(lct2("up", "now"), "'now'");
        assertUsageError(lct2("import", "schools", "x.csv"), "'schools'");
        assertUsageError(lct2("import", "districts", "no-such-file.csv"), "'no-such-file.csv'");
        assertUsageError(lct2("import", "districts", "dataset/districts_2023_24_nces.csv", "--wet-run"), "'--wet-run'");
        assertUsageError(lct2("token", "alice", "admin"), "'admin'");
        assertUsageError(lct2("token", "--user"), "'--user'");
        assertUsageError(lct2("db", "wipe"), "'wipe'");
        assertUsageError(lct2("db", "reset", "--force"), "'--force'");
        assertUsageError(lct2("db", "reset"), "--yes"); // no terminal to confirm on
        Run nothing = lct2();
        assertEquals(2, nothing.exitCode());
        assertEquals("", nothing.stdout());
    }

    @Test
    void shouldPrintTheProjectVersionFromThePom() throws Exception {
        Element project = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(clone.resolve("pom.xml").toFile()).getDocumentElement();
        String version = null;
        for (var node = project.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals("version")) {
                version = element.getTextContent().strip();
            }
        }
        Run run = lct("--version");
        assertTrue(run.stdout().matches("lct " + java.util.regex.Pattern.quote(version) + "( \\(commit [0-9a-f]+\\))?\n"),
                "./lct --version printed: " + run.stdout());
    }

    @Test
    void shouldAnswerTheReadmesThreeFirstRequests() throws IOException {
        List<String> requests = firstRequests();
        assertEquals(3, requests.size(), "three first requests in the README: " + requests);
        Platform platform = Platform.get();
        Path here = Files.createTempDirectory(workDir, "requests-");
        List<Run> runs = new ArrayList<>();
        for (String request : requests) {
            String command = request.replace("http://localhost:8081", base(platform.districtUrl()))
                    .replace("http://localhost:8082", base(platform.enrichmentUrl()))
                    .replace("http://localhost:8083", base(platform.calculationUrl()));
            Run run = exec(here, "bash", "-c", command);
            assertEquals(0, run.exitCode(), command + " failed:\n" + run.stderr());
            runs.add(run);
        }

        JsonNode history = MAPPER.readTree(runs.get(0).stdout());
        JsonNode newest = history.path("items").path(0);
        assertTrue(newest.path("lct_minutes").asDouble() > 0, "the district's LCT: " + history);
        assertEquals("bell_schedule", newest.path("minutes_source").asText(), "the README says a bell schedule: " + newest);

        Path csv;
        try (Stream<Path> files = Files.list(here)) {
            csv = files.filter(f -> f.toString().endsWith(".csv")).findFirst()
                    .orElseThrow(() -> new AssertionError("the second request writes a CSV file: " + requests.get(1)));
        }
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        assertTrue(lines.get(0).startsWith("nces_id,"), "a header row: " + lines.get(0));
        assertTrue(lines.size() > 1000, "every California district: " + lines.size() + " lines");
        assertTrue(lines.stream().skip(1).allMatch(l -> l.startsWith("06")), "California ids only");

        JsonNode rankings = MAPPER.readTree(runs.get(2).stdout());
        assertEquals(5, rankings.path("items").size(), rankings.toString());
        for (JsonNode ranked : rankings.path("items")) {
            assertEquals("CA", ranked.path("state_code").asText(), ranked.toString());
            assertTrue(ranked.path("is_valid").asBoolean(), "rankings hold valid values: " + ranked);
            assertFalse(ranked.path("qa_flags").toString().contains("ERR_"), "no error flag: " + ranked);
        }
        assertTrue(rankings.path("left_out").path("invalid").asLong() > 0,
                "California's very small districts are left out, and counted: " + rankings.path("left_out"));
    }

    /** The curl lines of the first code block under the README's "Three first requests" heading. */
    private static List<String> firstRequests() throws IOException {
        List<String> lines = Files.readAllLines(clone.resolve("README.md"), StandardCharsets.UTF_8);
        int heading = lines.indexOf("## Three first requests");
        assertTrue(heading >= 0, "README.md has a '## Three first requests' section");
        List<String> requests = new ArrayList<>();
        boolean inBlock = false;
        for (String line : lines.subList(heading + 1, lines.size())) {
            if (line.startsWith("```")) {
                if (inBlock) {
                    break;
                }
                inBlock = true;
            } else if (inBlock && line.startsWith("curl ")) {
                requests.add(line.strip());
            }
        }
        return requests;
    }

    private static String base(URI uri) {
        String text = uri.toString();
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    private static void assertUsageError(Run run, String culprit) {
        assertEquals(2, run.exitCode(), "exit 2 for a usage error; stderr:\n" + run.stderr());
        assertEquals("", run.stdout(), "nothing on stdout");
        assertTrue(run.stderr().contains(culprit), "stderr names " + culprit + ":\n" + run.stderr());
    }

    @Test
    void shouldResetTheDatabaseOfLctUpOnlyWhenConfirmed() {
        assertTrue(System.getenv("LCT_PG_HOST") != null, "./lct test provides a PostgreSQL server (LCT_PG_HOST)");
        String database = "lct_reset_" + ProcessHandle.current().pid();
        Map<String, String> environment = new HashMap<>();
        for (String name : List.of("LCT_PG_HOST", "LCT_PG_PORT", "LCT_PG_USER", "LCT_PG_PASSWORD")) {
            environment.put(name, System.getenv(name));
        }
        environment.put("LCT_PG_DATABASE", database);
        // ports nobody serves, so a platform started by another test does not count as "./lct up is running"
        environment.put("LCT_DISTRICT_PORT", "1");
        environment.put("LCT_ENRICHMENT_PORT", "2");
        environment.put("LCT_CALCULATION_PORT", "3");
        try {
            assertEquals(0, lctWith(environment, "db", "reset", "--yes").exitCode(), "creates the missing database");
            assertEquals(0, lctWith(environment, "db", "psql", "-c", "CREATE TABLE leftover (x integer)").exitCode());

            Run unconfirmed = lctWith(environment, "db", "reset");
            assertEquals(2, unconfirmed.exitCode(), unconfirmed.stderr());
            assertEquals("1", tables(environment), "nothing dropped without a confirmation");

            Run reset = lctWith(environment, "db", "reset", "--yes");
            assertEquals(0, reset.exitCode(), reset.stderr());
            assertEquals("0", tables(environment), "the database is empty after the reset");
        } finally {
            environment.put("LCT_PG_DATABASE", "postgres");
            lctWith(environment, "db", "psql", "-c", "DROP DATABASE IF EXISTS " + database);
        }
    }

    private static String tables(Map<String, String> environment) {
        Run count = lctWith(environment, "db", "psql", "-Atc", "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'");
        assertEquals(0, count.exitCode(), count.stderr());
        return count.stdout().strip();
    }

    /** ./lct ARGS in the clone with the given LCT_* settings (the server of ./lct test), no terminal. */
    private static Run lctWith(Map<String, String> environment, String... arguments) {
        List<String> command = new ArrayList<>(List.of(clone.resolve("lct").toString()));
        command.addAll(List.of(arguments));
        return exec(clone, environment, command.toArray(String[]::new));
    }

    /** ./lct ARGS in the clone, expected to succeed. */
    private static Run lct(String... arguments) {
        Run run = lct2(arguments);
        assertEquals(0, run.exitCode(), "./lct " + String.join(" ", arguments) + " exits 0; stderr:\n" + run.stderr());
        assertEquals("", run.stderr(), "./lct " + String.join(" ", arguments) + " prints help only");
        return run;
    }

    /** ./lct ARGS in the clone, with no terminal; afterwards nothing of it may run and the clone must be unchanged. */
    private static Run lct2(String... arguments) {
        List<String> command = new ArrayList<>(List.of(clone.resolve("lct").toString()));
        command.addAll(List.of(arguments));
        Run run = exec(clone, command.toArray(String[]::new));
        String label = "./lct " + String.join(" ", arguments);
        List<String> left = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(clone.toString()))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList();
        assertEquals(List.of(), left, label + " left processes running");
        String status = exec(clone, "git", "status", "--porcelain", "--ignored", "--untracked-files=all").stdout();
        assertEquals("", status, label + " changed the checkout (built, started or wrote state)");
        assertFalse(Files.exists(clone.resolve(".lct")), label + " created .lct/");
        return run;
    }

    private static Run exec(Path directory, String... command) {
        return exec(directory, Map.of(), command);
    }

    private static Run exec(Path directory, Map<String, String> settings, String... command) {
        try {
            File out = Files.createTempFile(workDir, "out-", ".txt").toFile();
            File err = Files.createTempFile(workDir, "err-", ".txt").toFile();
            ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                    .redirectOutput(out).redirectError(err)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            Map<String, String> environment = builder.environment();
            // ./lct test points these at its own server; a help command must not care, and must not touch it
            new HashMap<>(environment).keySet().stream().filter(k -> k.startsWith("LCT_PG_")).forEach(environment::remove);
            environment.putAll(settings);
            Process process = builder.start();
            if (!process.waitFor(COMMAND_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " still ran after " + COMMAND_TIMEOUT_SECONDS
                        + " s: it started work instead of answering");
            }
            Run run = new Run(process.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()));
            Files.delete(out.toPath());
            Files.delete(err.toPath());
            return run;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
