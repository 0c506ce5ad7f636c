package org.lct.district.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.lct.testsupport.PostgresDatabaseResource;

import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** The dashboard's files are in the service jar and served with cache headers that fit how they change. */
@QuarkusTest
@WithTestResource(value = PostgresDatabaseResource.class, initArgs = {
        @ResourceArg(name = "suite", value = "district"),
        @ResourceArg(name = "memberOf", value = "lct_reader")})
class DashboardAssetsTest {

    private static final Pattern REFERENCE = Pattern.compile("(?:src|href)=\"([^\"]*)\"");

    private static String page() {
        return given().when().get("/dashboard/").then().statusCode(200)
                .contentType(startsWith("text/html"))
                .header("Cache-Control", "no-cache")
                .extract().asString();
    }

    private static List<String> references(String html) {
        List<String> found = new ArrayList<>();
        Matcher matcher = REFERENCE.matcher(html);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }

    @Test
    void shouldServeThePageRevalidatedOnEveryLoad() {
        String html = page();
        assertTrue(html.contains("<main id=\"main\""), "the page has its main landmark");
        given().when().get("/dashboard/index.html").then().statusCode(200).header("Cache-Control", "no-cache");
    }

    @Test
    void shouldRedirectTheAddressWithoutItsSlash() {
        given().redirects().follow(false).when().get("/dashboard").then()
                .statusCode(302).header("Location", endsWith("/dashboard/"));
    }

    @Test
    void shouldServeHashedBundlesCachedForAYearAndCompressed() {
        List<String> assets = references(page()).stream().filter(r -> r.startsWith("assets/")).toList();
        assertTrue(assets.stream().anyMatch(a -> a.matches("assets/app-[A-Z0-9]+\\.js")), "a hashed script: " + assets);
        assertTrue(assets.stream().anyMatch(a -> a.matches("assets/app-[A-Z0-9]+\\.css")), "a hashed stylesheet: " + assets);
        for (String asset : assets) {
            Response response = given().header("Accept-Encoding", "gzip").when().get("/dashboard/" + asset);
            response.then().statusCode(200)
                    .header("Cache-Control", "public, max-age=31536000, immutable")
                    .header("Content-Encoding", "gzip");
            String type = response.getContentType();
            assertTrue(asset.endsWith(".js") ? type.startsWith("text/javascript") : type.startsWith("text/css"),
                    asset + " served as " + type);
            assertFalse(response.asString().isBlank(), asset + " has content");
        }
    }

    @Test
    void shouldLoadNothingFromAnotherOrigin() {
        for (String reference : references(page())) {
            assertTrue(reference.startsWith("assets/") || reference.startsWith("#") || reference.startsWith("data:")
                    || reference.startsWith("../api/"), "only this origin: " + reference);
        }
        given().when().get("/dashboard/").then()
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("Content-Security-Policy", containsString("script-src 'self';"))
                .header("Referrer-Policy", "no-referrer");
    }

    @Test
    void shouldTellTheBrowserWhereTheOtherServicesAre() {
        // Unset in tests, as behind the Ingress: the dashboard calls them on its own origin.
        given().when().get("/dashboard/config.json").then().statusCode(200)
                .contentType(startsWith("application/json"))
                .header("Cache-Control", "no-cache")
                .body("enrichment_url", equalTo(""))
                .body("calculation_url", equalTo(""));
    }

    @Test
    void shouldShipTheLicencesOfTheBundledPackages() {
        String notices = given().when().get("/dashboard/THIRD-PARTY-NOTICES.txt").then().statusCode(200)
                .extract().asString();
        for (String bundled : List.of("d3-geo", "topojson-client", "us-atlas")) {
            assertTrue(notices.contains(bundled + " "), bundled + " listed");
        }
    }

    @Test
    void shouldLeaveTheApiAnswersUncompressed() {
        Response response = given().header("Accept-Encoding", "gzip").when().get("/api/v1/metadata");
        response.then().statusCode(200).header("Content-Encoding", nullValue());
        assertEquals("application/json", response.getContentType().split(";")[0]);
    }

    @Test
    void shouldKeepTheConfigurationOutOfTheApiDocument() {
        String document = given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .extract().asString();
        assertFalse(document.contains("/dashboard"), "the dashboard is not an API operation");
    }
}
