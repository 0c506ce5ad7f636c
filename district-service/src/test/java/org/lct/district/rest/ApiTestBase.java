package org.lct.district.rest;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;

import java.sql.SQLException;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.lct.district.Fixtures;
import org.lct.testsupport.TestDatabase;

import io.restassured.RestAssured;
import io.restassured.config.JsonConfig;
import io.restassured.config.RestAssuredConfig;
import io.restassured.path.json.config.JsonPathConfig;
import io.restassured.response.ValidatableResponse;

/** Loads {@link Fixtures} into the suite's database (injected by PostgresDatabaseResource) before each test. */
abstract class ApiTestBase {

    /** Injected by PostgresDatabaseResource: the database the service reads, to write fixtures as its owner. */
    TestDatabase database;

    @BeforeAll
    static void decimalsAsDoubles() {
        RestAssured.config = RestAssuredConfig.config()
                .jsonConfig(JsonConfig.jsonConfig().numberReturnType(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    @BeforeEach
    void loadFixtures() throws SQLException {
        Fixtures.load(database);
    }

    /** A 400 problem answer that names no Java internals. */
    static ValidatableResponse assertProblem(ValidatableResponse response, int status) {
        return response.statusCode(status)
                .contentType("application/problem+json")
                .body("status", equalTo(status))
                .body(not(containsString("Exception")))
                .body(not(containsString("org.lct")))
                .body(not(containsString("at java.")));
    }
}
