package org.lct.system.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;

/** A state: its figures as the API gives them, its districts' distribution and a table worked by keyboard. */
class StatePageTest extends DashboardTestBase {

    @Test
    void shouldShowTheStatesFiguresAsTheApiGivesThem() {
        String scope = scopeWithData();
        JsonNode summary = district("/api/v1/states/CA/summary?scope=" + scope).get("scopes").get(0);
        open("/states/CA?scope=" + scope);
        assertEquals("California", one("h1").getText());
        assertEquals(twoDecimals(summary.get("median_lct")) + " min", one("[data-figure='median']").getText());
        assertEquals(twoDecimals(summary.get("mean_lct")) + " min", one("[data-figure='mean']").getText());
        assertEquals(twoDecimals(summary.get("enrollment_weighted_lct")) + " min", one("[data-figure='weighted']").getText());
        assertEquals(integer(summary.get("valid_districts").asLong()) + " of " + integer(summary.get("districts").asLong()),
                one("[data-figure='valid-districts']").getText());

        long districts = district("/api/v1/states/CA").get("state").get("districts").asLong();
        assertTrue(one("#districts-status").getText().endsWith("of " + integer(districts)), one("#districts-status").getText());

        // The histogram counts every district with a valid value.
        assertTrue(all("svg.histogram rect").size() > 5, "bars drawn");
        long counted = 0;
        for (WebElement cell : driver.findElements(By.cssSelector(".histogram-figure table tbody td"))) {
            counted += Long.parseLong(cell.getAttribute("textContent").trim());
        }
        assertEquals(summary.get("valid_districts").asLong(), counted, "every valid district is in a bin");
        browser.screenshot("state-california");
    }

    @Test
    void shouldFilterSortAndPageTheDistrictsWithTheKeyboard() {
        String scope = scopeWithData();
        open("/states/CA?scope=" + scope);
        WebElement filter = one("#districts-filter");
        filter.click();
        new Actions(driver).sendKeys("Unified").perform();
        new WebDriverWait(driver, WAIT).until(d -> one("#districts-status").getText().contains("filtered from"));
        for (WebElement row : all("#districts-table tbody tr")) {
            assertTrue(row.findElement(By.cssSelector("th")).getText().contains("Unified"), row.getText());
        }
        filter.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        new WebDriverWait(driver, WAIT).until(d -> !one("#districts-status").getText().contains("filtered from"));

        // Tab from the filter to the LCT column's sort button; Enter sorts ascending, Enter again descending.
        WebElement lctHeader = one("#districts-table th[data-key='lct']");
        WebElement lctButton = lctHeader.findElement(By.tagName("button"));
        tabUntil(lctButton, 20);
        new Actions(driver).sendKeys(Keys.ENTER).perform();
        assertEquals("ascending", lctHeader.getAttribute("aria-sort"));
        new Actions(driver).sendKeys(Keys.ENTER).perform();
        assertEquals("descending", lctHeader.getAttribute("aria-sort"));
        assertEquals(lctButton, focused(), "focus stays on the sort button");

        double highest = 0;
        for (String line : get(platform.districtUrl().resolve("/api/v1/districts?state=CA&format=csv&scope=" + scope), "text/csv")
                .body().lines().skip(1).toList()) {
            String[] fields = line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", -1);
            if (!fields[9].isEmpty()) {
                highest = Math.max(highest, Double.parseDouble(fields[9]));
            }
        }
        String firstLct = one("#districts-table tbody tr td:nth-of-type(4)").getText();
        assertEquals(String.format(java.util.Locale.US, "%,.2f", highest), firstLct, "the highest LCT first");

        // On through the rows to the pager, by Tab alone.
        WebElement next = one("#districts .pager-row button:last-child");
        tabUntil(next, 120);
        new Actions(driver).sendKeys(Keys.ENTER).perform();
        assertTrue(one("#districts-status").getText().startsWith("Rows 51–100 of"), one("#districts-status").getText());
        browser.screenshot("state-california-sorted-page-2");
    }

    /** Presses Tab until the element has the focus, at most {@code limit} times. */
    private void tabUntil(WebElement target, int limit) {
        for (int i = 0; i < limit && !target.equals(focused()); i++) {
            new Actions(driver).sendKeys(Keys.TAB).perform();
        }
        assertEquals(target, focused(), "reached by Tab within " + limit + " presses: " + target.getText());
    }

    @Test
    void shouldListTheStatesRequirements() {
        JsonNode requirements = district("/api/v1/states/TX").get("requirements");
        open("/states/TX");
        List<WebElement> rows = all("table[id^='requirements-'] tbody tr");
        assertEquals(Math.max(1, requirements.size()), rows.size());
        if (!requirements.isEmpty()) {
            assertTrue(rows.get(0).getText().contains(requirements.get(0).get("grade_level").asText()));
        }
    }
}
