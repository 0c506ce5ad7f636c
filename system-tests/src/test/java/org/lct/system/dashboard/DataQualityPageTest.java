package org.lct.system.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;

/** The newest run's QA report, coverage per state and the run history. */
class DataQualityPageTest extends DashboardTestBase {

    @Test
    void shouldShowTheLatestRunsQaReport() {
        JsonNode run = latestRun();
        JsonNode qa = calculation("/api/v1/runs/" + run.get("id").asText() + "/qa");
        open("/quality");
        assertTrue(one("#qa-heading").getText().endsWith("run " + run.get("id").asText()), one("#qa-heading").getText());
        assertEquals(twoDecimals(qa.get("data_quality").get("pass_rate")) + " %", one("[data-figure='pass-rate']").getText());
        assertEquals(qa.get("overall_status").asText(), one("[data-qa-status]").getAttribute("data-qa-status"));
        // one row per flag kind; a run without flags (a few districts' run) shows the table's "No rows." row
        assertEquals(Math.max(1, qa.get("safeguards").size()), all("#flags-table tbody tr").size(), "one row per flag kind");
        assertEquals(Math.max(1, qa.get("outliers").size()), all("#outliers-table tbody tr").size());
        if (qa.get("hierarchy_validation").isEmpty()) {
            assertTrue(one("[data-hierarchy='none']").isDisplayed());
        } else {
            assertEquals(qa.get("hierarchy_validation").size(), all("#hierarchy-table tbody tr").size());
        }

        // Flags per state are counted from the run's results: California's row holds every Californian result row.
        await(By.cssSelector("#flags-by-state-table"));
        assertTrue(one("#flags-by-state-status").getText().endsWith("of " + qa.get("state_coverage").get("states_with_data").asText()),
                one("#flags-by-state-status").getText());
        one("#flags-by-state-filter").sendKeys("CA");
        new WebDriverWait(driver, WAIT).until(d -> all("#flags-by-state-table tbody tr").size() == 1);
        long californianRows = 0;
        for (JsonNode state : qa.get("by_state")) {
            if (state.get("state").asText().equals("CA")) {
                californianRows += state.get("rows").asLong();
            }
        }
        assertEquals(integer(californianRows), one("#flags-by-state-table tbody tr td").getText());
        browser.screenshot("quality");
    }

    @Test
    void shouldShowCoveragePerStateAndTheRunHistory() {
        JsonNode progress = district("/api/v1/enrichment/progress");
        JsonNode runs = calculation("/api/v1/runs?size=50").get("items");
        open("/quality");
        assertEquals("Rows 1–20 of " + progress.get("total").asInt(), one("#coverage-status").getText(), "one row per jurisdiction");
        assertEquals(20, all("#coverage-table tbody tr").size());
        List<WebElement> runRows = all("#runs-table tbody tr");
        assertEquals(Math.min(runs.size(), 25), runRows.size());
        JsonNode newest = runs.get(0);
        WebElement row = runRows.get(0);
        assertTrue(row.findElement(By.cssSelector("th")).getText().equals(newest.get("id").asText()), row.getText());
        if (newest.hasNonNull("duration_ms")) {
            long ms = newest.get("duration_ms").asLong();
            String shown = ms >= 1000 ? String.format(java.util.Locale.US, "%.2f s", ms / 1000.0) : ms + " ms";
            assertTrue(row.getText().contains(shown), "duration " + shown + " in " + row.getText());
        }
    }

    @Test
    void shouldOpenAnyRunFromTheHistory() {
        JsonNode run = latestRun();
        open("/quality/runs/" + run.get("id").asText());
        assertTrue(one("#qa-heading").getText().endsWith("run " + run.get("id").asText()));
        assertEquals("true", one("#runs-table a[aria-current]").getAttribute("aria-current"));
    }
}
