package org.lct.system.dashboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/** Every download link answers with what it says: CSV from the API's CSV endpoints, the run's Parquet and JSON. */
class DownloadsPageTest extends DashboardTestBase {

    @Test
    void shouldOfferEveryExportAndEachShouldAnswer() throws IOException, InterruptedException {
        String runId = latestRun().get("id").asText();
        open("/downloads");
        List<WebElement> links = all("main a.download");
        assertTrue(links.size() >= 10, "links: " + links.size());
        HttpClient http = HttpClient.newHttpClient();
        int csv = 0;
        for (WebElement link : links) {
            String label = link.getText();
            URI uri = URI.create(link.getAttribute("href"));
            HttpResponse<byte[]> answer = http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, answer.statusCode(), label + " " + uri);
            String type = answer.headers().firstValue("Content-Type").orElse("");
            if (label.contains("(CSV)")) {
                csv++;
                assertTrue(type.startsWith("text/csv"), label + ": " + type);
                assertTrue(answer.body().length > 20 && new String(answer.body(), 0, 20).matches("^[a-z_]+,.*"), label + " starts with its header");
            } else if (label.contains("(Parquet)")) {
                assertTrue(uri.getPath().endsWith("/runs/" + runId + "/results"), uri.toString());
                assertArrayEquals("PAR1".getBytes(), Arrays.copyOf(answer.body(), 4), "a Parquet file");
            } else if (label.contains("(JSON)")) {
                assertTrue(type.startsWith("application/json"), label + ": " + type);
            }
        }
        assertTrue(csv >= 7, "CSV exports: " + csv);
        browser.screenshot("downloads");
    }
}
