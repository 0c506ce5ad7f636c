package org.lct.district.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lct.district.Fixtures;
import org.lct.district.StandbyDatabaseResource;
import org.lct.testsupport.PostgresStandby;
import org.lct.testsupport.TestDatabase;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/**
 * district-service reading from two real hot standbys of the test database, one of them behind: every answer's
 * ETag names the data of its own body, whichever standby each pooled connection reaches.
 */
@QuarkusTest
@WithTestResource(StandbyDatabaseResource.class)
class StandbyReadsTest {

    private static final String DISTRICT = "/api/v1/districts/0600001";

    /** The primary, where the fixtures and the changes are written. */
    TestDatabase database;
    StandbyDatabaseResource.Standbys standbys;

    /** The service's pool, emptied between bursts so that new connections pick their standby again. */
    @Inject
    AgroalDataSource dataSource;

    @BeforeAll
    static void requireStandbys() {
        // ./lct test provides what a standby needs; a run against an existing server (LCT_PG_HOST) cannot make one
        Optional<String> unavailable = PostgresStandby.unavailable();
        if (unavailable.isPresent() && "true".equals(System.getenv("CI"))) {
            fail(unavailable.get());
        }
        assumeTrue(unavailable.isEmpty(), () -> "no standbys: " + unavailable.orElse(""));
    }

    @BeforeEach
    void loadFixtures() throws SQLException {
        Fixtures.load(database);
        standbys.awaitReplayed();
    }

    @Test
    void shouldNeverLabelABodyWithTheVersionOfAnotherWhileOneStandbyLags() throws Exception {
        PostgresStandby behind = standbys.second();
        String name = given().when().get(DISTRICT).then().statusCode(200).extract().path("name");
        behind.pauseReplay();
        try {
            rename("Alpha Unified (renamed while a standby lags)");
            standbys.first().awaitReplayed();

            // Concurrent requests spread the pool's connections over both standbys: one serves the new name, the
            // other the old one. A data version read on one and a body read on the other would pair a tag with two
            // different bodies, and a cache holding the old body would be told by 304s that it is current.
            // Each new connection picks a standby at random, and a quick burst may need only a few connections: until
            // both standbys have answered, the pool is emptied and the burst sent again on new connections.
            Map<String, Set<String>> namesByTag = new TreeMap<>();
            Set<String> namesSeen = new TreeSet<>();
            ExecutorService clients = Executors.newFixedThreadPool(16);
            try {
                for (int burst = 0; burst < 20 && namesSeen.size() < 2; burst++) {
                    dataSource.flush(AgroalDataSource.FlushMode.ALL);
                    List<Future<Response>> answers = new ArrayList<>();
                    for (int i = 0; i < 240; i++) {
                        answers.add(clients.submit(() -> given().when().get(DISTRICT)));
                    }
                    for (Future<Response> answer : answers) {
                        Response response = answer.get();
                        assertEquals(200, response.statusCode(), response.asString());
                        namesByTag.computeIfAbsent(response.header("ETag"), tag -> new TreeSet<>())
                                .add(response.path("name"));
                    }
                    namesByTag.values().forEach(namesSeen::addAll);
                }
            } finally {
                clients.shutdownNow();
            }
            assertEquals(2, namesSeen.size(), "both standbys answered (one ahead, one behind): " + namesByTag);
            namesByTag.forEach((tag, names) -> assertEquals(1, names.size(),
                    "the ETag " + tag + " labels different bodies: " + names));
        } finally {
            behind.resumeReplay();
            rename(name);
            standbys.awaitReplayed();
        }
    }

    @Test
    void shouldStreamACsvExportToItsLastRowFromAStandby() {
        int total = given().queryParam("size", "1").when().get("/api/v1/lct").then().statusCode(200)
                .extract().path("total");
        assertTrue(total >= 5, "the fixtures' current values: " + total);
        String csv = given().queryParam("format", "csv").when().get("/api/v1/lct").then().statusCode(200)
                .contentType(startsWith("text/csv")).extract().asString();
        assertEquals(1 + total, csv.lines().count(), "a header and every current value, streamed to the end");
        given().when().get("/api/v1/districts?state=CA").then().statusCode(200).body("total", equalTo(3));
    }

    /**
     * A standby cancels a read that holds up replay for longer than {@code max_standby_streaming_delay} ("canceling
     * statement due to conflict with recovery"): the client gets a 503 problem it may retry, never a 500.
     */
    @Test
    void shouldAnswer503WithRetryAfterWhenAStandbyCancelsAReadForReplay() throws Exception {
        for (PostgresStandby standby : List.of(standbys.first(), standbys.second())) {
            standby.setParameter("max_standby_streaming_delay", "500ms");
        }
        ExecutorService client = Executors.newSingleThreadExecutor();
        try (Connection lockDistricts = database.connect(); Connection lockLineage = database.connect();
                Statement districts = lockDistricts.createStatement(); Statement lineage = lockLineage.createStatement()) {
            // 1. The primary locks districts (a migration would); the standbys replay the lock and hold it.
            lockDistricts.setAutoCommit(false);
            districts.execute("LOCK TABLE districts IN ACCESS EXCLUSIVE MODE");
            standbys.awaitReplayed();
            // replayed up to the lock's position is not always holding it yet: wait until both standbys show it held
            long districtsOid;
            try (ResultSet oid = districts.executeQuery("SELECT 'districts'::regclass::oid")) {
                oid.next();
                districtsOid = oid.getLong(1);
            }
            long locked = System.nanoTime() + 30_000_000_000L;
            while (!standbys.first().replayHoldsAccessExclusiveLock(districtsOid)
                    || !standbys.second().replayHoldsAccessExclusiveLock(districtsOid)) {
                assertTrue(System.nanoTime() < locked, "both standbys replay the lock on districts");
                Thread.sleep(20);
            }
            // 2. A request reads the data version (its snapshot keeps data_lineage locked) and waits for districts.
            Future<Response> answer = client.submit(() -> given().when().get("/api/v1/districts?state=CA"));
            long deadline = System.nanoTime() + 30_000_000_000L;
            while (standbys.first().sessionsWaitingForALock(database.name())
                    + standbys.second().sessionsWaitingForALock(database.name()) == 0) {
                if (answer.isDone() || System.nanoTime() > deadline) {
                    fail("the request did not wait for the replayed lock; "
                            + (answer.isDone() ? "it answered " + answer.get().statusCode() + " "
                                    + answer.get().asString() : "it still runs")
                            + "\nfirst standby:\n" + standbys.first().activity(database.name())
                            + "\nsecond standby:\n" + standbys.second().activity(database.name()));
                }
                Thread.sleep(20);
            }
            // 3. Replay of a lock on data_lineage waits for the request, then cancels it.
            lockLineage.setAutoCommit(false);
            lineage.execute("LOCK TABLE data_lineage IN ACCESS EXCLUSIVE MODE");
            standbys.awaitReplayed();
            Response response = answer.get();
            assertEquals(503, response.statusCode(), response.asString());
            assertEquals("application/problem+json", response.contentType());
            assertEquals(DatabaseUnavailableMapper.RETRY_AFTER_SECONDS, response.header("Retry-After"));
            assertEquals("urn:lct:problem:unavailable", response.path("type"));
            assertEquals(503, (int) response.path("status"));
            assertTrue(!response.asString().contains("Exception") && !response.asString().contains("SQL"),
                    "no internals in the answer: " + response.asString());
            lockDistricts.rollback();
            lockLineage.rollback();
        } finally {
            client.shutdownNow();
            for (PostgresStandby standby : List.of(standbys.first(), standbys.second())) {
                standby.setParameter("max_standby_streaming_delay", null);
            }
            standbys.awaitReplayed();
        }
        given().when().get("/api/v1/districts?state=CA").then().statusCode(200).body("total", equalTo(3));
    }

    private void rename(String name) throws SQLException {
        try (Connection connection = database.connect(); Statement sql = connection.createStatement()) {
            connection.setAutoCommit(false);
            sql.execute("SELECT set_change_context('test', 'a change the standbys replay', 'StandbyReadsTest', null)");
            sql.execute("UPDATE districts SET name = '" + name.replace("'", "''")
                    + "' WHERE nces_id = '0600001' AND school_year = '" + Fixtures.YEAR + "'");
            connection.commit();
        }
    }
}
