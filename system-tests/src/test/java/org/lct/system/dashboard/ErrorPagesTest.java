package org.lct.system.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebElement;

/** A bad address shows a page a person can act on, never a blank page or a stack trace. */
class ErrorPagesTest extends DashboardTestBase {

    @ParameterizedTest(name = "#{0}")
    @CsvSource({
            "/no/such/page,        Page not found, /no/such/page",
            "/districts/9999999,   Not found,      9999999",
            "/districts/not-an-id, Not found,      not-an-id",
            "/states/ZZ,           Not found,      ZZ",
            "/quality/runs/987654, Not found,      987654",
    })
    void shouldExplainABadAddress(String view, String heading, String named) {
        open(view);
        WebElement alert = one("[data-error='true']");
        assertEquals("alert", alert.getAttribute("role"));
        assertEquals(heading, one("h1").getText());
        assertTrue(alert.getText().contains(named), "names what was asked for: " + alert.getText());
        assertFalse(alert.getText().contains("Exception"), alert.getText());
        assertTrue(all("[data-error='true'] a[href='#/']").size() == 1, "offers a way back to the map");
        browser.screenshot("error" + view.replace('/', '-'));
    }

    @Test
    void shouldRedirectTheDashboardAddressWithoutItsSlash() {
        driver.get(platform.districtUrl().resolve("/dashboard").toString());
        awaitRendered();
        assertTrue(driver.getCurrentUrl().contains("/dashboard/"), driver.getCurrentUrl());
        HttpResponse<String> missing = get(platform.districtUrl().resolve("/dashboard/no-such-file.js"), "*/*");
        assertEquals(404, missing.statusCode());
    }
}
