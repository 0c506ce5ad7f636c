package org.lct.district;

import java.util.Map;

import org.lct.testsupport.PostgresStandby;
import org.lct.testsupport.TestDatabase;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * district-service as the prod overlay runs it: logged in as a member of {@code lct_reader}, reading from two hot
 * standbys of a fresh, migrated database through one address that spreads connections over both (as Kubernetes
 * spreads those of {@code lct-db-ro}), with {@code lct.district.reads-from-standbys}. Test fields of type
 * {@link TestDatabase} get the primary (to write fixtures), of type {@link Standbys} the two standbys.
 */
public class StandbyDatabaseResource implements QuarkusTestResourceLifecycleManager {

    /** The two standbys the service reads from. */
    public record Standbys(PostgresStandby first, PostgresStandby second) {
        public void awaitReplayed() {
            first.awaitReplayed();
            second.awaitReplayed();
        }
    }

    private TestDatabase database;
    private Standbys standbys;

    @Override
    public Map<String, String> start() {
        database = TestDatabase.create("standby_reads");
        database.migrate();
        TestDatabase.User user = database.createMemberOf("lct_reader");
        if (!PostgresStandby.available()) {
            // an existing server (LCT_PG_HOST) gets no standbys here: StandbyReadsTest skips, as it says why
            return Map.of("quarkus.datasource.jdbc.url", database.jdbcUrl(), "quarkus.datasource.username", user.name(),
                    "quarkus.datasource.password", user.password());
        }
        standbys = new Standbys(PostgresStandby.of(database.server()), PostgresStandby.of(database.server()));
        String hosts = standbys.first().server().host() + ":" + standbys.first().server().port() + ","
                + standbys.second().server().host() + ":" + standbys.second().server().port();
        return Map.of(
                // loadBalanceHosts: each new connection picks one of the two at random
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://" + hosts + "/" + database.name()
                        + "?loadBalanceHosts=true",
                "quarkus.datasource.username", user.name(),
                "quarkus.datasource.password", user.password(),
                // Production shares one data version between requests for a second; longer here, so that the
                // shared version of the old way would span a whole test whatever the machine's speed.
                "lct.district.data-version-ttl", "30s",
                // -Dlct.test.reads-from-standbys=false shows what the shared version does on standbys: the tests fail
                "lct.district.reads-from-standbys", System.getProperty("lct.test.reads-from-standbys", "true"));
    }

    @Override
    public void inject(TestInjector testInjector) {
        testInjector.injectIntoFields(database, new TestInjector.MatchesType(TestDatabase.class));
        testInjector.injectIntoFields(standbys, new TestInjector.MatchesType(Standbys.class));
    }

    @Override
    public void stop() {
        if (standbys != null) {
            standbys.first().close();
            standbys.second().close();
        }
        if (database != null) {
            database.close();
        }
    }
}
