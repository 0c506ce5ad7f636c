package org.lct.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
        Path jar = Path.of("target", "quarkus-app", "quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar.toAbsolutePath() + " is missing: integration tests run after the package phase");
        }
        return runUntilExit(jar, Map.of(), configuration, timeout);
    }

    /**
     * Starts the packaged application {@code jar} with the given environment variables (added to this process's)
     * and system properties, as a container would, and waits for it to exit by itself.
     */
    public static Exit runUntilExit(Path jar, Map<String, String> environment, Map<String, String> configuration, Duration timeout)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        configuration.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(jar.toString());
        Path log = Files.createTempFile("packaged-service", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
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
}
