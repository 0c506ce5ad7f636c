package org.lct.system.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.Map;

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

    /**
     * The state page asks for the state, its summary and its districts at once; for an unknown state they fail
     * differently (404, 400). Whatever answer arrives first, the page explains the state's own: here the state's
     * and its summary's answers are held back until the district list's has failed.
     */
    @Test
    void shouldExplainAnUnknownStateTheSameWhicheverAnswerArrivesFirst() {
        Map<String, Object> holdBack = Map.of("source", """
                const fetchFirst = window.fetch.bind(window);
                window.fetch = (input, init) => {
                  const url = String(input instanceof Request ? input.url : input);
                  const answer = fetchFirst(input, init);
                  return /\\/api\\/v1\\/states\\/ZZ(\\/summary)?(\\?|$)/.test(url)
                    ? answer.then((response) => new Promise((resolve) => setTimeout(() => resolve(response), 1500)))
                    : answer;
                };
                """);
        Map<String, Object> added = browser.driver().executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", holdBack);
        try {
            open("/states/ZZ");
            assertEquals("Not found", one("h1").getText());
            assertTrue(one("[data-error='true']").getText().contains("ZZ"), one("[data-error='true']").getText());
        } finally {
            browser.driver().executeCdpCommand("Page.removeScriptToEvaluateOnNewDocument", added);
        }
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
