package org.lct.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.lct.testsupport.PackagedService;
import org.lct.testsupport.TestDatabase;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/**
 * The migration Job's container, as the dev overlay renders it, run here: the packaged enrichment-service with the
 * Job's environment (the ConfigMap's JDBC URL and the owner Secret's credentials pointed at a fresh test database)
 * migrates the empty database and exits 0 without serving.
 */
class MigrationJobTest {

    private static final Path ENRICHMENT_SERVICE = Kustomize.ROOT.resolve("enrichment-service/target/quarkus-app/quarkus-run.jar");
    private static final Path MIGRATIONS = Kustomize.ROOT.resolve("migrations/src/main/resources/db/migration");

    @Test
    void shouldMigrateAnEmptyDatabaseAndExitWithoutServing() throws Exception {
        assertTrue(Files.isRegularFile(ENRICHMENT_SERVICE), ENRICHMENT_SERVICE + " is built before this module (see its pom)");
        Job job = Manifests.named("dev", Job.class, "lct-migrate").orElseThrow();
        Container container = job.getSpec().getTemplate().getSpec().getContainers().getFirst();
        try (TestDatabase database = TestDatabase.create("migration_job")) {
            Map<String, String> environment = environmentOf(container, database);
            PackagedService.Exit exit = PackagedService.runUntilExit(ENRICHMENT_SERVICE, environment, Map.of(), Duration.ofSeconds(120));

            assertEquals(0, exit.code(), "exit code; output:\n" + exit.output());
            assertFalse(exit.output().contains("Listening on"), "the Job does not serve HTTP:\n" + exit.output());
            long migrationFiles;
            try (Stream<Path> files = Files.list(MIGRATIONS)) {
                migrationFiles = files.filter(file -> file.getFileName().toString().matches("V\\d+__.*\\.sql")).count();
            }
            try (Connection connection = database.connect(); Statement statement = connection.createStatement();
                    ResultSet applied = statement.executeQuery("SELECT count(*), bool_and(success) FROM flyway_schema_history WHERE version IS NOT NULL")) {
                applied.next();
                assertEquals(migrationFiles, applied.getLong(1), "every migration applied");
                assertTrue(applied.getBoolean(2), "every migration succeeded");
            }
        }
    }

    /** The container's environment as Kubernetes would build it, with the database address and login of the test. */
    private static Map<String, String> environmentOf(Container container, TestDatabase database) {
        Map<String, String> environment = new HashMap<>();
        container.getEnvFrom().forEach(source -> {
            ConfigMap config = Manifests.named("dev", ConfigMap.class, source.getConfigMapRef().getName()).orElseThrow();
            environment.putAll(config.getData());
        });
        assertTrue(environment.containsKey("QUARKUS_DATASOURCE_JDBC_URL"), "the ConfigMap names the database");
        environment.put("QUARKUS_DATASOURCE_JDBC_URL", database.jdbcUrl());
        for (EnvVar variable : container.getEnv()) {
            if (variable.getValue() != null) {
                environment.put(variable.getName(), variable.getValue());
            } else {
                var secret = variable.getValueFrom().getSecretKeyRef();
                assertEquals("lct-db-owner", secret.getName(), variable.getName());
                environment.put(variable.getName(), switch (secret.getKey()) {
                    case "username" -> database.server().user();
                    case "password" -> database.server().password();
                    default -> throw new AssertionError("unexpected key " + secret.getKey() + " of " + secret.getName());
                });
            }
        }
        return environment;
    }
}
