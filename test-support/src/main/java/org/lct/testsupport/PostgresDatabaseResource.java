package org.lct.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a Quarkus test (or the packaged application under {@code @QuarkusIntegrationTest}) at a fresh database.
 * Init args: {@code suite} names the database; {@code migrate=false} leaves it empty, for the migration owner
 * to migrate itself.
 */
public class PostgresDatabaseResource implements QuarkusTestResourceLifecycleManager {

    private String suite = "service";
    private boolean migrate = true;
    private TestDatabase database;

    @Override
    public void init(Map<String, String> initArgs) {
        suite = initArgs.getOrDefault("suite", suite);
        migrate = Boolean.parseBoolean(initArgs.getOrDefault("migrate", "true"));
    }

    @Override
    public Map<String, String> start() {
        database = TestDatabase.create(suite);
        if (migrate) {
            database.migrate();
        }
        return Map.of(
                "quarkus.datasource.jdbc.url", database.jdbcUrl(),
                "quarkus.datasource.username", database.server().user(),
                "quarkus.datasource.password", database.server().password());
    }

    @Override
    public void stop() {
        if (database != null) {
            database.close();
        }
    }
}
