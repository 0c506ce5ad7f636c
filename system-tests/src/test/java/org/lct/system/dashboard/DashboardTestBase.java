package org.lct.system.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.lct.system.Platform;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One browser per test class against the running platform (national dataset, a succeeded full run), and the API
 * answers the pages are checked against.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DashboardTestBase {

    static final Duration WAIT = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    Platform platform;
    Browser browser;
    WebDriver driver;

    @BeforeAll
    void startBrowser() {
        platform = Platform.get();
        ensureSucceededRun();
        browser = Browser.start();
        driver = browser.driver();
    }

    /** LCT figures need a succeeded run: on a platform that has none, start a full one and wait for it (5 min at most). */
    private void ensureSucceededRun() {
        for (JsonNode run : calculation("/api/v1/runs?size=200").get("items")) {
            if (run.get("status").asText().equals("succeeded")) {
                return;
            }
        }
        HttpRequest request = HttpRequest.newBuilder(platform.calculationUrl().resolve("/api/v1/runs"))
                .header("Authorization", "Bearer " + platform.token()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"mode\":\"full\"}")).build();
        try {
            HttpResponse<String> answer = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            // 409: one is already queued or running; wait for it all the same
            assertTrue(answer.statusCode() == 202 || answer.statusCode() == 409, "POST /api/v1/runs: " + answer.statusCode() + " " + answer.body());
            long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
            while (System.nanoTime() < deadline) {
                JsonNode newest = calculation("/api/v1/runs?size=1").get("items").get(0);
                String status = newest.get("status").asText();
                if (status.equals("succeeded")) {
                    return;
                }
                assertNotEquals("failed", status, () -> "the run failed: " + newest);
                Thread.sleep(1000);
            }
            throw new IllegalStateException("no run succeeded within 5 minutes");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @AfterAll
    void stopBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    /** Opens a view of the dashboard (the part after #) and waits until its main content is rendered. */
    void open(String view) {
        driver.get("about:blank"); // a fresh page, even when only the part after # would change
        driver.get(platform.districtUrl().resolve("/dashboard/#" + view).toString());
        awaitRendered();
    }

    void awaitRendered() {
        new WebDriverWait(driver, WAIT).until(d -> {
            WebElement main = d.findElement(By.id("main"));
            return main.getAttribute("aria-busy") == null && !main.findElements(By.tagName("h1")).isEmpty();
        });
    }

    WebElement await(By locator) {
        return new WebDriverWait(driver, WAIT).until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    WebElement one(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    WebElement focused() {
        return (WebElement) script("return document.activeElement");
    }

    // --- The API, read directly ------------------------------------------------------------------------------------

    static HttpResponse<String> get(URI uri, String accept) {
        try {
            return HTTP.send(HttpRequest.newBuilder(uri).header("Accept", accept).timeout(Duration.ofSeconds(60)).GET()
                    .build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + uri + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static JsonNode json(URI uri) {
        HttpResponse<String> response = get(uri, "application/json");
        assertEquals(200, response.statusCode(), () -> "GET " + uri + ": " + response.body());
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode district(String pathAndQuery) {
        return json(platform.districtUrl().resolve(pathAndQuery));
    }

    JsonNode enrichment(String pathAndQuery) {
        return json(platform.enrichmentUrl().resolve(pathAndQuery));
    }

    JsonNode calculation(String pathAndQuery) {
        return json(platform.calculationUrl().resolve(pathAndQuery));
    }

    /** The scope the dashboard shows by default: the first of the metadata's scopes that has valid results. */
    String scopeWithData() {
        JsonNode scopes = district("/api/v1/summary").get("scopes");
        for (JsonNode meta : district("/api/v1/metadata").get("staff_scopes")) {
            for (JsonNode scope : scopes) {
                if (scope.get("staff_scope").asText().equals(meta.get("code").asText())
                        && scope.get("valid_districts").asLong() > 0) {
                    return meta.get("code").asText();
                }
            }
        }
        for (JsonNode scope : scopes) {
            if (scope.get("valid_districts").asLong() > 0) {
                return scope.get("staff_scope").asText();
            }
        }
        throw new IllegalStateException("No scope has results: run a full calculation first (POST /api/v1/runs)");
    }

    /** The newest succeeded run that computed results (what the data-quality page shows by default). */
    JsonNode latestRun() {
        for (JsonNode run : calculation("/api/v1/runs?size=50").get("items")) {
            if (run.get("status").asText().equals("succeeded") && !run.path("no_changes").asBoolean()) {
                return run;
            }
        }
        throw new IllegalStateException("No succeeded run: start a full one (POST /api/v1/runs, {\"mode\":\"full\"})");
    }

    /**
     * A number as the dashboard writes it (Intl.NumberFormat, en-US, two decimals): the JSON number parsed to a double
     * as the browser does, then rounded half up from that double's exact value.
     */
    static String twoDecimals(JsonNode value) {
        DecimalFormat format = new DecimalFormat("#,##0.00", DecimalFormatSymbols.getInstance(Locale.US));
        return format.format(new BigDecimal(value.asDouble()).setScale(2, RoundingMode.HALF_UP));
    }

    static String integer(long value) {
        return String.format(Locale.US, "%,d", value);
    }
}
