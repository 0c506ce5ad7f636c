package org.lct.system.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;

import com.fasterxml.jackson.databind.JsonNode;

/** The U.S. map, the nation's figures and the table of every jurisdiction. */
class ExplorePageTest extends DashboardTestBase {

    private static final String NO_DATA_FILL = "#d9d9d9";

    @Test
    void shouldShadeEveryStateOnTheMapByItsMedian() {
        String scope = scopeWithData();
        open("/");
        await(By.cssSelector("svg.us-map"));
        List<WebElement> shapes = all("svg.us-map a.state path");
        assertEquals(51, shapes.size(), "50 states and DC");
        long shaded = shapes.stream().filter(p -> !p.getAttribute("data-value").isEmpty()
                && !NO_DATA_FILL.equals(p.getAttribute("fill"))).count();
        assertTrue(shaded >= 50, "states shaded by their median: " + shaded);

        JsonNode california = district("/api/v1/states/CA/summary?scope=" + scope).get("scopes").get(0);
        WebElement shape = one("svg.us-map path[data-state='CA']");
        assertEquals(california.get("median_lct").asDouble(), Double.parseDouble(shape.getAttribute("data-value")), 1e-9);
        String label = one("svg.us-map a.state:has(path[data-state='CA'])").getAttribute("aria-label");
        assertEquals("California: median " + twoDecimals(california.get("median_lct")) + " min, "
                + integer(california.get("valid_districts").asLong()) + " districts", label);

        JsonNode nation = district("/api/v1/summary?scope=" + scope).get("scopes").get(0);
        assertEquals(twoDecimals(nation.get("median_lct")) + " min", one("[data-figure='us-median']").getText());
        browser.screenshot("explore-map");
    }

    @Test
    void shouldOpenAStateFromTheMapWithTheKeyboard() {
        open("/");
        WebElement texas = await(By.cssSelector("svg.us-map a.state:has(path[data-state='TX'])"));
        script("arguments[0].focus()", texas);
        assertEquals(texas, focused(), "a state on the map takes the keyboard focus");
        assertTrue(one(".map-readout").getText().startsWith("Texas: median "), "the focused state's figure is shown");
        new Actions(driver).sendKeys(Keys.ENTER).perform();
        awaitRendered();
        assertEquals("Texas", one("h1").getText());
        assertTrue(driver.getCurrentUrl().endsWith("#/states/TX"), driver.getCurrentUrl());
    }

    @Test
    void shouldListEveryJurisdictionWithItsFigures() {
        String scope = scopeWithData();
        open("/");
        JsonNode states = district("/api/v1/states");
        List<WebElement> rows = all("#states-table tbody tr");
        assertEquals(states.get("total").asInt(), rows.size(), "every jurisdiction, territories and BIE included");
        JsonNode puertoRico = district("/api/v1/states/PR/summary?scope=" + scope).get("scopes");
        WebElement row = rows.stream().filter(r -> r.getText().startsWith("Puerto Rico")).findFirst().orElseThrow();
        String median = puertoRico.isEmpty() ? "—" : twoDecimals(puertoRico.get(0).get("median_lct"));
        assertTrue(row.getText().contains(median), "Puerto Rico (not on the map) shows its median " + median + ": " + row.getText());
    }

    @Test
    void shouldSayWhenAScopeHasNoResults() {
        String withData = scopeWithData();
        open("/");
        Select picker = new Select(one("#scope-select"));
        WebElement empty = picker.getOptions().stream().filter(o -> o.getText().endsWith("(no results)")).findFirst()
                .orElse(null);
        if (empty == null) {
            return; // every scope has results on this platform: nothing to say
        }
        String code = empty.getAttribute("value");
        assertNotEquals(withData, code);
        picker.selectByValue(code);
        awaitRendered();
        await(By.cssSelector("svg.us-map"));
        assertTrue(driver.getCurrentUrl().endsWith("scope=" + code), driver.getCurrentUrl());
        assertTrue(one("#nation-heading").findElement(By.xpath("..")).getText().contains("No results for"));
        long shaded = all("svg.us-map a.state path").stream().filter(p -> !p.getAttribute("data-value").isEmpty()).count();
        assertEquals(0, shaded, "no state is shaded for a scope without results");
        browser.screenshot("explore-scope-without-results");
    }

    @Test
    void shouldSayWhereTheOtherScopesComeFromWhenOnlyOneHasResults() {
        List<String> withData = new java.util.ArrayList<>();
        district("/api/v1/summary").get("scopes").forEach(scope -> {
            if (scope.get("valid_districts").asLong() > 0) {
                withData.add(scope.get("staff_scope").asText());
            }
        });
        open("/");
        await(By.cssSelector("svg.us-map"));
        List<WebElement> notes = all("#scope-coverage");
        if (withData.size() != 1) {
            assertEquals(0, notes.size(), "no note while " + withData.size() + " scopes have results");
            return;
        }
        String label = new Select(one("#scope-select")).getFirstSelectedOption().getText();
        WebElement note = one("#scope-coverage");
        assertTrue(note.getText().startsWith("Only " + label + " has results"), note.getText());
        assertTrue(note.getText().contains("All staff scopes from the CCD files"), note.getText());
        assertEquals("https://nces.ed.gov/ccd/files.asp", note.findElement(By.tagName("a")).getAttribute("href"));
        assertTrue(one("#scope-select").getAttribute("aria-describedby").contains("scope-coverage"),
                "the picker is described by the note");
    }
}
