package org.lct.testsupport;

import java.util.Map;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * Points a Quarkus test (or the packaged application under {@code @QuarkusIntegrationTest}) at a fresh database.
 * Init args: {@code suite} names the database; {@code migrate=false} leaves it empty, for the migration owner
 * to migrate itself; {@code memberOf=<role>} runs the service as a new login user whose only rights come from
 * membership in that group role (e.g. {@code lct_reader}), as production does. Test fields of type
 * {@link TestDatabase} receive the database, to insert fixtures as its owner.
 */
public class PostgresDatabaseResource implements QuarkusTestResourceLifecycleManager {

    private String suite = "service";
    private boolean migrate = true;
    private String memberOf;
    private TestDatabase database;

    @Override
    public void init(Map<String, String> initArgs) {
        suite = initArgs.getOrDefault("suite", suite);
        migrate = Boolean.parseBoolean(initArgs.getOrDefault("migrate", "true"));
        memberOf = initArgs.get("memberOf");
    }

    @Override
    public Map<String, String> start() {
        database = TestDatabase.create(suite);
        if (migrate) {
            database.migrate();
        }
        TestDatabase.User user = memberOf == null
                ? new TestDatabase.User(database.server().user(), database.server().password())
                : database.createMemberOf(memberOf);
        return Map.of(
                "quarkus.datasource.jdbc.url", database.jdbcUrl(),
                "quarkus.datasource.username", user.name(),
                "quarkus.datasource.password", user.password());
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(database, new TestInjector.MatchesType(TestDatabase.class));
    }

    @Override
    public void stop() {
        if (database != null) {
            database.close();
        }
    }
}
