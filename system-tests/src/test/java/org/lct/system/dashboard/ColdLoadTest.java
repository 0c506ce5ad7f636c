package org.lct.system.dashboard;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * A first visit with an empty cache (a fresh browser profile): time to the drawn map and the bytes the dashboard's own
 * files took, from the browser's Navigation and Resource Timing. Written to target/dashboard-cold-load.json.
 */
class ColdLoadTest extends DashboardTestBase {

    @SuppressWarnings("unchecked")
    @Test
    void shouldDrawTheMapQuicklyOnAColdLoad() throws IOException {
        driver.get(platform.districtUrl().resolve("/dashboard/#/").toString());
        await(By.cssSelector("svg.us-map a.state"));
        Map<String, Object> timing = (Map<String, Object>) script("""
                const nav = performance.getEntriesByType('navigation')[0];
                const resources = performance.getEntriesByType('resource');
                const own = resources.filter((r) => r.name.includes('/dashboard/'));
                const api = resources.filter((r) => r.name.includes('/api/v1/'));
                const sum = (list, key) => list.reduce((total, r) => total + (r[key] || 0), 0);
                return {
                  map_drawn_ms: Math.round(performance.now()),
                  dom_content_loaded_ms: Math.round(nav.domContentLoadedEventEnd),
                  load_event_ms: Math.round(nav.loadEventEnd),
                  dashboard_files: own.length + 1,
                  dashboard_transfer_bytes: sum(own, 'transferSize') + nav.transferSize,
                  dashboard_decoded_bytes: sum(own, 'decodedBodySize') + nav.decodedBodySize,
                  api_requests: api.length,
                  api_transfer_bytes: sum(api, 'transferSize'),
                };""");
        Path report = Path.of(System.getProperty("lct.screenshots", "target/screenshots")).getParent().resolve("dashboard-cold-load.json");
        Files.createDirectories(report.getParent());
        StringBuilder json = new StringBuilder("{");
        timing.forEach((key, value) -> json.append(json.length() > 1 ? ", " : "").append('"').append(key).append("\": ").append(value));
        Files.writeString(report, json.append("}\n"));
        System.out.println("dashboard cold load: " + json);
        long drawn = ((Number) timing.get("map_drawn_ms")).longValue();
        assertTrue(drawn < 5000, "the map is drawn within 5 s of navigation on a cold load: " + drawn + " ms");
        long bytes = ((Number) timing.get("dashboard_transfer_bytes")).longValue();
        assertTrue(bytes > 0 && bytes < 150_000, "the dashboard's own files transfer under 150 kB compressed: " + bytes);
    }
}
