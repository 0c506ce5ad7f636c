package org.lct.system.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/** What a keyboard or screen-reader user relies on, on every page, and a layout that fits a phone. */
class AccessibilityTest extends DashboardTestBase {

    @SuppressWarnings("unchecked")
    @ParameterizedTest(name = "#{0}")
    @ValueSource(strings = {"/", "/states/CA", "/districts/0634920", "/quality", "/downloads"})
    void shouldGiveEveryPageItsStructureAndLabels(String view) {
        open(view);
        assertEquals("en", one("html").getAttribute("lang"));
        assertEquals(1, all("h1").size(), "one h1");
        assertTrue(driver.getTitle().endsWith("· LCT dashboard"), driver.getTitle());
        assertEquals(1, all("header").size(), "one banner");
        assertEquals(1, all("main").size(), "one main landmark");
        assertEquals(1, all("nav[aria-label='Main']").size(), "the main navigation, named");
        List<String> problems = (List<String>) script("""
                const problems = [];
                for (const control of document.querySelectorAll('input, select, textarea')) {
                  const labelled = (control.id && document.querySelector(`label[for="${control.id}"]`))
                    || control.getAttribute('aria-label') || control.getAttribute('aria-labelledby');
                  if (!labelled) problems.push('unlabelled ' + control.outerHTML.slice(0, 80));
                }
                for (const el of document.querySelectorAll('[tabindex]')) {
                  if (Number(el.getAttribute('tabindex')) > 0) problems.push('positive tabindex ' + el.outerHTML.slice(0, 80));
                }
                for (const th of document.querySelectorAll('table th')) {
                  if (!th.getAttribute('scope')) problems.push('th without scope ' + th.outerHTML.slice(0, 80));
                }
                for (const table of document.querySelectorAll('table')) {
                  if (!table.querySelector('caption')) problems.push('table without caption ' + (table.id || ''));
                }
                for (const img of document.querySelectorAll('svg[role="img"], svg[role="group"]')) {
                  const id = img.getAttribute('aria-labelledby');
                  if (!id || !document.getElementById(id)?.textContent) problems.push('svg without a title');
                }
                for (const a of document.querySelectorAll('a')) {
                  if (!(a.textContent.trim() || a.getAttribute('aria-label'))) problems.push('link without a name ' + a.outerHTML.slice(0, 80));
                }
                for (const button of document.querySelectorAll('button')) {
                  if (!button.textContent.trim()) problems.push('button without a name');
                }
                return problems;""");
        assertEquals(List.of(), problems);
    }

    @Test
    void shouldLetTheKeyboardSkipToTheContent() {
        open("/quality");
        script("document.activeElement.blur(); window.scrollTo(0, 0)");
        new Actions(driver).sendKeys(Keys.TAB).perform();
        WebElement skip = focused();
        assertEquals("Skip to content", skip.getText());
        assertTrue(skip.isDisplayed(), "the skip link shows when focused");
        new Actions(driver).sendKeys(Keys.ENTER).perform();
        assertEquals("main", focused().getAttribute("id"));
        assertTrue(driver.getCurrentUrl().endsWith("#/quality"), "skipping does not leave the page: " + driver.getCurrentUrl());
        new Actions(driver).sendKeys(Keys.TAB).perform();
        assertTrue(focused().findElements(org.openqa.selenium.By.xpath("ancestor::main")).size() == 1,
                "the next Tab lands inside the content");
    }

    @ParameterizedTest(name = "#{0}")
    @ValueSource(strings = {"/", "/states/CA", "/districts/0634920", "/quality"})
    void shouldFitAPhoneScreen(String view) {
        browser.resize(390, 844);
        try {
            open(view);
            Number overflow = (Number) script("return document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertTrue(overflow.intValue() <= 0, "no sideways scrolling of the page: " + overflow + " px");
            browser.screenshot("phone" + (view.equals("/") ? "-explore" : view.replace('/', '-')));
        } finally {
            browser.resize(1280, 900);
        }
    }
}
