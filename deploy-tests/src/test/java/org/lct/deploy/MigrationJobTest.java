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
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/**
 * The migration Job's container, as the dev overlay renders it, run here: the packaged enrichment-service with the
 * Job's environment (the ConfigMap's JDBC URL and the owner Secret's credentials pointed at a fresh test database)
 * migrates the empty database and exits 0 without serving; and district-service's container, with the Deployment's
 * environment, validates a schema the next release has migrated.
 */
class MigrationJobTest {

    private static final Path ENRICHMENT_SERVICE = Kustomize.ROOT.resolve("enrichment-service/target/quarkus-app/quarkus-run.jar");
    private static final Path DISTRICT_SERVICE = Kustomize.ROOT.resolve("district-service/target/quarkus-app/quarkus-run.jar");
    private static final Path MIGRATIONS = Kustomize.ROOT.resolve("migrations/src/main/resources/db/migration");

    @Test
    void shouldMigrateAnEmptyDatabaseAndExitWithoutServing() throws Exception {
        assertTrue(Files.isRegularFile(ENRICHMENT_SERVICE), ENRICHMENT_SERVICE + " is built before this module (see its pom)");
        Job job = Manifests.named("dev", Job.class, "lct-migrate").orElseThrow();
        Container container = job.getSpec().getTemplate().getSpec().getContainers().getFirst();
        try (TestDatabase database = TestDatabase.create("migration_job")) {
            Map<String, String> environment = environmentOf(container, database, "lct-db-owner");
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

    /**
     * Expand/contract upgrades rely on it: once the next release's migration Job has run, the pods of the release
     * still serving validate the schema and (re)start, with the Deployment's settings, because migrations newer than
     * theirs are tolerated; a schema that lacks or alters one of theirs is still refused. Without the Deployment's
     * setting Flyway refuses the newer schema, which is why the manifests set it.
     */
    @Test
    void shouldLetTheRunningReleaseStartOnASchemaThatTheNextReleaseMigrated() throws Exception {
        assertTrue(Files.isRegularFile(DISTRICT_SERVICE), DISTRICT_SERVICE + " is built before this module (see its pom)");
        Deployment deployment = Manifests.named("dev", Deployment.class, "district-service").orElseThrow();
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
        try (TestDatabase database = TestDatabase.create("next_release")) {
            database.migrate();
            try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
                // What the next release's Job would leave: an additive migration and its history row.
                statement.execute("CREATE TABLE next_release_addition (id int PRIMARY KEY)");
                statement.execute("""
                        INSERT INTO flyway_schema_history (installed_rank, version, description, type, script, checksum,
                            installed_by, execution_time, success)
                        SELECT max(installed_rank) + 1, '9999', 'next release addition', 'SQL', 'V9999__next_release_addition.sql',
                            42, current_user, 1, true FROM flyway_schema_history""");
            }
            Map<String, String> environment = environmentOf(container, database, "lct-db-district");
            environment.put("QUARKUS_INIT_AND_EXIT", "true");  // validate as at start, then exit instead of serving
            PackagedService.Exit exit = PackagedService.runUntilExit(DISTRICT_SERVICE, environment, Map.of(), Duration.ofSeconds(120));
            assertEquals(0, exit.code(), "the running release validates a schema one release ahead; output:\n" + exit.output());

            Map<String, String> strict = new HashMap<>(environment);
            strict.remove("QUARKUS_FLYWAY_IGNORE_MIGRATION_PATTERNS");
            PackagedService.Exit refusedAhead = PackagedService.runUntilExit(DISTRICT_SERVICE, strict, Map.of(), Duration.ofSeconds(120));
            assertTrue(refusedAhead.code() != 0 && refusedAhead.output().contains("not resolved locally: 9999"),
                    "without the Deployment's setting the newer schema is refused; output:\n" + refusedAhead.output());

            try (Connection connection = database.connect(); Statement statement = connection.createStatement()) {
                statement.execute("UPDATE flyway_schema_history SET checksum = checksum + 1 WHERE version = '1'");
            }
            PackagedService.Exit refused = PackagedService.runUntilExit(DISTRICT_SERVICE, environment, Map.of(), Duration.ofSeconds(120));
            assertTrue(refused.code() != 0 && refused.output().contains("Validate failed"),
                    "a schema with an altered migration of the release is refused; output:\n" + refused.output());
        }
    }

    /** The container's environment as Kubernetes would build it, with the database address and login of the test. */
    private static Map<String, String> environmentOf(Container container, TestDatabase database, String loginSecret) {
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
                assertEquals(loginSecret, secret.getName(), variable.getName());
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
