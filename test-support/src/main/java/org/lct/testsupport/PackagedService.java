package org.lct.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the module's packaged application (target/quarkus-app) as a separate process, as production does. */
public final class PackagedService {

    public record Exit(int code, String output) {
    }

    private PackagedService() {
    }

    /** Starts the application with the given configuration and waits for it to exit by itself. */
    public static Exit runUntilExit(Map<String, String> configuration, Duration timeout) throws IOException, InterruptedException {
        return runUntilExit(packagedJar(), Map.of(), configuration, timeout);
    }

    /**
     * Starts the packaged application {@code jar} with the given environment variables (added to this process's)
     * and system properties, as a container would, and waits for it to exit by itself.
     */
    public static Exit runUntilExit(Path jar, Map<String, String> environment, Map<String, String> configuration, Duration timeout)
            throws IOException, InterruptedException {
        Path log = Files.createTempFile("packaged-service", ".log");
        ProcessBuilder builder = processBuilder(jar, configuration, log);
        builder.environment().putAll(environment);
        Process process = builder.start();
        try {
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
                throw new AssertionError("The application did not exit within " + timeout + "; output:\n" + Files.readString(log));
            }
            return new Exit(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /**
     * Starts the application on a free port with the given configuration (system properties) and environment,
     * and waits until it is ready ({@code /q/health/ready}).
     */
    public static Running start(Map<String, String> configuration, Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Map<String, String> withPort = new HashMap<>(configuration);
        withPort.put("quarkus.http.port", Integer.toString(port));
        Path log = Files.createTempFile("packaged-service", ".log");
        ProcessBuilder builder = processBuilder(packagedJar(), withPort, log);
        builder.environment().putAll(environment);
        Running running = new Running(builder.start(), log, port);
        running.awaitReady(timeout);
        return running;
    }

    private static Path packagedJar() {
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: integration tests run after the package phase");
        }
        return jar;
    }

    private static ProcessBuilder processBuilder(Path jar, Map<String, String> configuration, Path log) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        configuration.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    }

    /** A started application: its port and console output; {@link #close()} kills it if it still runs. */
    public static final class Running implements AutoCloseable {

        private final Process process;
        private final Path log;
        private final int port;

        private Running(Process process, Path log, int port) {
            this.process = process;
            this.log = log;
            this.port = port;
        }

        public int port() {
            return port;
        }

        /** Everything the application printed so far. */
        public String output() throws IOException {
            return Files.readString(log, StandardCharsets.UTF_8);
        }

        /** SIGTERM, as Kubernetes and ./lct up stop a service; returns the exit code. */
        public int terminate(Duration timeout) throws IOException, InterruptedException {
            process.destroy();
            if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                throw new AssertionError("The application did not stop within " + timeout + " of SIGTERM; output:\n"
                        + output());
            }
            return process.exitValue();
        }

        private void awaitReady(Duration timeout) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new AssertionError("The application exited with " + process.exitValue() + ":\n" + output());
                }
                try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
                    socket.getOutputStream().write(("GET /q/health/ready HTTP/1.1\r\nHost: localhost\r\n"
                            + "Connection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    String status = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
                    if (status.endsWith("200")) {
                        return;
                    }
                } catch (IOException notYet) {
                    // not listening yet
                }
                Thread.sleep(200);
            }
            throw new AssertionError("The application was not ready within " + timeout + "; output:\n" + output());
        }

        @Override
        public void close() throws IOException {
            process.destroyForcibly();
            Files.deleteIfExists(log);
        }
    }
}
