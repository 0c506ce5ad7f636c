package org.lct.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code ./lct up} as a person runs it, in a fresh clone of this checkout: started on free ports, stopped with
 * SIGINT (Ctrl-C), started again. {@link #launch()} records each step for {@code LocalStartTest} and leaves the
 * second start running for every system test of the JVM; a shutdown hook stops it and deletes the clone.
 */
final class LocalPlatform {

    /** What {@code ./lct up} printed once it was ready. */
    record Banner(URI districtUrl, URI enrichmentUrl, URI calculationUrl, String token, List<URI> examples) {
    }

    /** One start: its banner, everything it printed, and how long it took to the banner. */
    record Start(Banner banner, String output, Duration elapsed) {
    }

    /**
     * One stop by SIGINT: the exit code, what the start printed from first to last, how long the stop took,
     * the processes of the start still alive afterwards and the ports still answering.
     */
    record Stop(int exitCode, String output, Duration elapsed, List<String> survivors, List<Integer> openPorts,
            boolean postgresPidFileLeft, Map<String, String> serviceLogs) {
    }

    static final List<String> SERVICES = List.of("enrichment-service", "district-service", "calculation-service");
    private static final Duration FIRST_START_TIMEOUT = Duration.ofMinutes(30); // includes the build in the clone
    private static final Duration START_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration STOP_TIMEOUT = Duration.ofMinutes(2);
    private static final Pattern SERVICE_LINE =
            Pattern.compile("(?m)^ +(district|enrichment|calculation)-service +(http://\\S+) +Swagger UI (\\S+)$");
    private static final Pattern TOKEN_LINE = Pattern.compile("(?m)^ +TOKEN=(\\S+)$");
    private static final Pattern EXAMPLE_LINE = Pattern.compile("(?m)^ +curl '?(http://[^' ]+)'?$");
    /** The last line of the banner: once it is printed, everything above it is too. */
    private static final Pattern BANNER_END = Pattern.compile("(?m)^ +curl -H .*/api/v1/runs$");

    private final Path workDir;
    private final Path clone;
    private final String commit;
    private final Map<String, Integer> ports;
    private final Map<String, String> environment;
    private Process process;
    private Path processOutput;
    private long processStarted;
    private int starts;

    private Start firstStart;
    private Stop firstStop;
    private Start running;

    private LocalPlatform(Path workDir, Path clone, String commit, Map<String, Integer> ports) {
        this.workDir = workDir;
        this.clone = clone;
        this.commit = commit;
        this.ports = ports;
        this.environment = new HashMap<>(System.getenv());
        // ./lct test points these at its throwaway server; ./lct up must start a private one of its own.
        List.of("LCT_PG_HOST", "LCT_PG_PORT", "LCT_PG_USER", "LCT_PG_PASSWORD", "LCT_PG_DATABASE")
                .forEach(environment::remove);
        environment.put("LCT_LOCAL_PG_PORT", ports.get("postgres").toString());
        environment.put("LCT_DISTRICT_PORT", ports.get("district").toString());
        environment.put("LCT_ENRICHMENT_PORT", ports.get("enrichment").toString());
        environment.put("LCT_CALCULATION_PORT", ports.get("calculation").toString());
    }

    /** Clones HEAD, starts, stops with SIGINT and starts again; the second start stays up until the JVM exits. */
    static LocalPlatform launch() {
        requireInterruptible();
        Path root = repositoryRoot();
        String commit = git(root, "rev-parse", "HEAD").strip();
        if (!git(root, "status", "--porcelain", "--untracked-files=no").isBlank()) {
            System.err.println("system tests: the checkout has uncommitted changes; the platform is started from the"
                    + " committed HEAD " + commit);
        }
        try {
            Path workDir = Files.createTempDirectory("lct-system-");
            Path clone = workDir.resolve("lct");
            git(workDir, "clone", "--quiet", root.toString(), clone.toString());
            git(clone, "checkout", "--quiet", "--detach", commit);
            LocalPlatform platform = new LocalPlatform(workDir, clone, commit, freePorts());
            Runtime.getRuntime().addShutdownHook(new Thread(platform::close, "lct-platform-stop"));
            platform.firstStart = platform.start(FIRST_START_TIMEOUT);
            platform.firstStop = platform.stop();
            platform.running = platform.start(START_TIMEOUT);
            return platform;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Start firstStart() {
        return firstStart;
    }

    Stop firstStop() {
        return firstStop;
    }

    Start running() {
        return running;
    }

    String commit() {
        return commit;
    }

    Path checkout() {
        return clone;
    }

    /** The private PostgreSQL of the running start, as its owner (user lct, database lct; ./lct db psql). */
    Platform.Database database() {
        try {
            String password = Files.readString(clone.resolve(".lct/postgres/.password")).strip();
            return new Platform.Database("jdbc:postgresql://127.0.0.1:" + ports.get("postgres") + "/lct", "lct",
                    password);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What one {@code ./lct} command printed, and its exit code. */
    record Command(int exitCode, String stdout, String stderr) {
    }

    /** Runs {@code ./lct ARGUMENTS} in the clone against the running start, as a person in a second terminal. */
    Command run(Duration timeout, String... arguments) {
        try {
            Path out = Files.createTempFile(workDir, "lct-command-", ".out");
            Path err = Files.createTempFile(workDir, "lct-command-", ".err");
            Process command = lct(arguments).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!command.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                command.destroyForcibly().waitFor();
                throw new IllegalStateException("./lct " + String.join(" ", arguments) + " did not finish within "
                        + timeout + "; it printed:\n" + Files.readString(out) + Files.readString(err));
            }
            return new Command(command.exitValue(), Files.readString(out), Files.readString(err));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A service's log of the running start, as ./lct up writes it ({@code .lct/logs/<service>.log}). */
    String serviceLog(String service) {
        try {
            return Files.readString(clone.resolve(".lct/logs/" + service + ".log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Start start(Duration timeout) throws IOException {
        starts++;
        processOutput = workDir.resolve("lct-up-" + starts + ".log");
        processStarted = System.nanoTime();
        process = lct("up")
                .redirectErrorStream(true)
                .redirectOutput(processOutput.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String output = Files.readString(processOutput);
            if (BANNER_END.matcher(output).find()) {
                return new Start(parse(output), output, Duration.ofNanos(System.nanoTime() - processStarted));
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("./lct up (start " + starts + ") exited with " + process.exitValue()
                        + " before it was ready; it printed:\n" + output + serviceLogTails());
            }
            sleep(500);
        }
        throw new IllegalStateException("./lct up (start " + starts + ") printed no banner within " + timeout
                + "; it printed:\n" + Files.readString(processOutput) + serviceLogTails());
    }

    /** {@code ./lct} in the clone, with the ports of this platform and without the test database's settings. */
    private ProcessBuilder lct(String... arguments) {
        List<String> command = new ArrayList<>(List.of(clone.resolve("lct").toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command).directory(clone.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment);
        return builder;
    }

    private static Banner parse(String output) {
        Map<String, URI> urls = new HashMap<>();
        Matcher services = SERVICE_LINE.matcher(output);
        while (services.find()) {
            urls.put(services.group(1), URI.create(services.group(2)));
        }
        Matcher token = TOKEN_LINE.matcher(output);
        if (urls.size() != 3 || !token.find()) {
            throw new IllegalStateException("The banner of ./lct up lacks service URLs or the token:\n" + output);
        }
        List<URI> examples = new ArrayList<>();
        Matcher example = EXAMPLE_LINE.matcher(output);
        while (example.find()) {
            examples.add(URI.create(example.group(1)));
        }
        return new Banner(urls.get("district"), urls.get("enrichment"), urls.get("calculation"), token.group(1),
                List.copyOf(examples));
    }

    /**
     * A process started with SIGINT ignored (a shell's {@code (command &)}) passes that on, and a script cannot trap
     * a signal it was started ignoring: ./lct up would never see the Ctrl-C this class sends. Say so at once.
     */
    private static void requireInterruptible() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("SigIgn:") && (Long.parseLong(line.substring(7).strip(), 16) & 0x2) != 0) {
                    throw new IllegalStateException("SIGINT is ignored in this test JVM (started in the background"
                            + " of a subshell?), so ./lct up could not be stopped with Ctrl-C; run the tests in the"
                            + " foreground or as '( command ) &'");
                }
            }
        } catch (IOException e) {
            // no /proc: nothing to check
        }
    }

    /** Ctrl-C: SIGINT to ./lct, then what is left of the start. */
    private Stop stop() throws IOException {
        List<ProcessHandle> started = process.descendants().toList();
        long signalled = System.nanoTime();
        signal("INT");
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException("./lct up did not stop within " + STOP_TIMEOUT + " of SIGINT");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - signalled);
        List<String> survivors = started.stream().filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("?")).toList();
        List<Integer> open = ports.values().stream().filter(LocalPlatform::answers).sorted().toList();
        Map<String, String> logs = new HashMap<>();
        for (String service : SERVICES) {
            logs.put(service, serviceLog(service)); // the next start overwrites them
        }
        return new Stop(process.exitValue(), Files.readString(processOutput), elapsed, survivors, open,
                Files.exists(clone.resolve(".lct/postgres/data/postmaster.pid")), Map.copyOf(logs));
    }

    private void signal(String signal) {
        try {
            new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops whatever still runs and deletes the clone, the private database's data included. */
    private void close() {
        try {
            if (process != null && process.isAlive()) {
                List<ProcessHandle> started = process.descendants().toList();
                signal("INT");
                if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                    started.forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            }
            if (Files.exists(clone.resolve(".lct/postgres/data/postmaster.pid"))) {
                lct("db", "stop").inheritIO().start().waitFor(60, TimeUnit.SECONDS);
            }
            Path data = clone.resolve(".lct/postgres");
            if (Files.isSymbolicLink(data)) {
                deleteTree(data.toRealPath()); // the data lives in /tmp when the clone is not reachable by its user
            }
            deleteTree(workDir);
        } catch (IOException | RuntimeException e) {
            System.err.println("system tests: could not clean up " + workDir + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private String serviceLogTails() {
        StringBuilder tails = new StringBuilder();
        for (String service : SERVICES) {
            Path log = clone.resolve(".lct/logs/" + service + ".log");
            if (Files.exists(log)) {
                try {
                    List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
                    tails.append("\n--- last lines of .lct/logs/").append(service).append(".log\n")
                            .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
                } catch (IOException e) {
                    tails.append("\n(").append(log).append(" unreadable: ").append(e).append(')');
                }
            }
        }
        return tails.toString();
    }

    static boolean answers(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static Map<String, Integer> freePorts() throws IOException {
        Map<String, Integer> ports = new HashMap<>();
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (String name : List.of("postgres", "district", "enrichment", "calculation")) {
                ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
                held.add(socket); // held until all are chosen, so the four differ
                ports.put(name, socket.getLocalPort());
            }
        } finally {
            for (ServerSocket socket : held) {
                socket.close();
            }
        }
        return ports;
    }

    private static Path repositoryRoot() {
        Path start = Path.of(System.getProperty("lct.repository", "..")).toAbsolutePath().normalize();
        return Path.of(git(start, "rev-parse", "--show-toplevel").strip());
    }

    private static String git(Path directory, String... arguments) {
        List<String> command = new ArrayList<>(List.of("git", "-C", directory.toString()));
        command.addAll(List.of(arguments));
        try {
            Process git = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (git.waitFor() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
