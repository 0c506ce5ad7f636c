package org.lct.system.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import com.fasterxml.jackson.databind.JsonNode;

/** A district with collected bell schedules: its LCT, minutes and their source, schedules with evidence, lineage. */
class DistrictPageTest extends DashboardTestBase {

    /** San Mateo-Foster City (CA): two schedules collected from web pages in the bundled dataset. */
    private static final String DISTRICT = "0634920";

    @Test
    void shouldShowTheLctAndWhereItsMinutesCameFrom() {
        JsonNode detail = district("/api/v1/districts/" + DISTRICT);
        open("/districts/" + DISTRICT);
        assertEquals(detail.get("name").asText(), one("h1").getText());
        assertTrue(detail.get("lct").size() > 0, "the platform has a succeeded run");
        for (JsonNode result : detail.get("lct")) {
            String scope = result.get("staff_scope").asText();
            assertEquals(twoDecimals(result.get("lct_minutes")), one("[data-figure='lct-" + scope + "']").getText());
            String sentence = one("[data-minutes='" + scope + "']").getText();
            assertTrue(sentence.contains(result.get("instructional_minutes").asText() + " instructional minutes"), sentence);
            if (result.get("minutes_source").asText().equals("bell_schedule")) {
                assertTrue(sentence.contains("bell schedule #" + result.get("bell_schedule_id").asText()), sentence);
            }
        }
    }

    @Test
    void shouldListTheBellSchedulesWithTheirEvidence() throws Exception {
        JsonNode schedules = district("/api/v1/districts/" + DISTRICT + "/bell-schedules").get("items");
        assertTrue(schedules.size() > 0, "the bundled dataset has schedules for " + DISTRICT);
        long scheduleId = schedules.get(0).get("id").asLong();
        String sha256 = attachEvidence(scheduleId);

        open("/districts/" + DISTRICT);
        List<WebElement> rows = all("#schedules-table tbody tr");
        assertEquals(schedules.size(), rows.size());
        for (JsonNode schedule : schedules) {
            WebElement row = one("#schedule-" + schedule.get("id").asText()).findElement(By.xpath("ancestor::tr"));
            assertTrue(row.getText().contains(schedule.get("instructional_minutes").asText()), row.getText());
            assertTrue(row.getText().contains(schedule.get("grade_level").asText()), row.getText());
        }
        WebElement evidence = await(By.cssSelector("a[data-evidence='" + sha256 + "']"));
        HttpResponse<String> document = get(URI.create(evidence.getAttribute("href")), "*/*");
        assertEquals(200, document.statusCode(), "the evidence link opens the document");
        assertTrue(document.body().contains("Bell schedule evidence"), document.body());
        browser.screenshot("district-0634920");
    }

    @Test
    void shouldShowTheLineageOfTheDistrictsRecords() {
        JsonNode lineage = enrichment("/api/v1/lineage?key=" + DISTRICT + "&size=25");
        long total = lineage.get("total").asLong();
        assertTrue(total > 0, "imports leave a trail");
        open("/districts/" + DISTRICT);
        WebElement caption = await(By.cssSelector("#lineage-table caption"));
        assertEquals("Lineage of " + DISTRICT + ": " + Math.min(25, total) + " of " + total + " entries", caption.getText());
        List<WebElement> rows = all("#lineage-table tbody tr");
        assertEquals(Math.min(25, total), rows.size());
        String newestKey = lineage.get("items").get(0).get("entity_key").asText();
        assertTrue(rows.stream().anyMatch(r -> r.getText().contains(newestKey)), "the API's entry " + newestKey + " is listed");
    }

    /** Attaches a small text document to a schedule through enrichment-service (idempotent: stored once per hash). */
    private String attachEvidence(long scheduleId) throws IOException, InterruptedException, NoSuchAlgorithmException {
        byte[] content = ("Bell schedule evidence for the dashboard's browser test, schedule " + scheduleId + "\n")
                .getBytes(StandardCharsets.UTF_8);
        String boundary = "lct-" + UUID.randomUUID();
        byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"schedule-"
                + scheduleId + ".txt\"\r\nContent-Type: text/plain\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[head.length + content.length + tail.length];
        System.arraycopy(head, 0, body, 0, head.length);
        System.arraycopy(content, 0, body, head.length, content.length);
        System.arraycopy(tail, 0, body, head.length + content.length, tail.length);
        HttpRequest request = HttpRequest.newBuilder(platform.enrichmentUrl().resolve("/api/v1/bell-schedules/" + scheduleId + "/evidence"))
                .header("Authorization", "Bearer " + platform.token())
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertTrue(response.statusCode() == 201 || response.statusCode() == 200, response.statusCode() + " " + response.body());
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }
}
