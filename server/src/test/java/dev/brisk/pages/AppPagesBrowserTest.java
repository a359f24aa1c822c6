package dev.brisk.pages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.support.BriskIntegrationTest;
import dev.brisk.support.Browser;
import dev.brisk.support.Fixtures;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * The pages people use, in headless Chromium against a real Brisk: each flow of a small business's
 * day (find a customer, fix a refused form, sell, get paid, ship, invoice, undo a delete), the
 * ADMIN-only parts, tenancy in the URL and an expired session.
 */
@BriskIntegrationTest
class AppPagesBrowserTest {

    @Autowired
    Fixtures fixtures;

    @Value("${local.server.port}")
    int port;

    ChromeDriver browser;
    WebDriverWait wait;
    Fixtures.Org org;

    @BeforeEach
    void start() {
        browser = Browser.start(1280, 1000);
        wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        org = fixtures.org();
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void searchACustomerOpenItAndRevisitTheListFromItsEtag() throws IOException {
        long wanted = customer("Zelda Quuxington", "zelda@example.com");
        customer("Arthur Dent", "arthur@example.com");
        signIn(org.adminEmail(), "/customers");
        waitForRows(2);
        assertThat(text("count")).contains("Showing 2");

        type(By.id("q"), "quux");
        wait.until(d -> rows().size() == 1 && rows().get(0).getText().contains("Zelda"));
        wait.until(d -> d.getCurrentUrl().contains("q=quux")); // the URL can be bookmarked
        Browser.screenshot(browser, "app-customers");

        rows().get(0).findElement(By.linkText("Zelda Quuxington")).click();
        wait.until(d -> d.getCurrentUrl().endsWith("/customers/" + wanted));
        wait.until(d -> text("title").equals("Zelda Quuxington"));

        long before = notModified();
        browser.navigate().back(); // the list again: revalidated with its ETag
        wait.until(d -> rows().size() == 1);
        assertThat(notModified()).isGreaterThan(before);
        assertThat(browser.findElement(By.id("q")).getDomProperty("value")).isEqualTo("quux");

        browser.get(browser.getCurrentUrl()); // a bookmark of the filtered list
        wait.until(d -> rows().size() == 1 && rows().get(0).getText().contains("Zelda"));
        assertThat(browser.findElement(By.cssSelector("form.filters")).getText())
                .doesNotContain("[object");

        // a date range: created from tomorrow on matches nothing, and says so
        js(
                "const f = document.getElementById('createdFrom'); f.value = new Date(Date.now() + 864e5).toISOString().slice(0, 10);"
                        + " f.dispatchEvent(new Event('change'));");
        wait.until(d -> rows().isEmpty() && text("count").contains("Nothing matches"));
        assertThat(browser.getCurrentUrl()).contains("createdFrom=");

        browser.manage().window().setSize(new Dimension(390, 900));
        wait.until(d -> (Boolean) js("return document.documentElement.scrollWidth <= window.innerWidth + 1"));
        Browser.screenshot(browser, "app-customers-phone");
    }

    @Test
    void aCustomerWithoutANameIsRefusedNextToTheNameField() throws IOException {
        signIn(org.adminEmail(), "/customers/new");
        WebElement name = wait.until(d -> d.findElement(By.id("f-name")));
        assertThat(browser.switchTo().activeElement()).isEqualTo(name);
        name.sendKeys(Keys.ENTER); // keyboard only: submit the empty form
        wait.until(d -> !text("f-name-error").isBlank());
        assertThat(text("f-name-error")).contains("blank");
        assertThat(name.getDomAttribute("aria-invalid")).isEqualTo("true");
        assertThat(browser.switchTo().activeElement()).isEqualTo(name);
        Browser.screenshot(browser, "app-customer-error");

        name.sendKeys("Grace Hopper", Keys.ENTER);
        wait.until(d -> text("title").equals("Grace Hopper"));
        assertThat(fixtures.api()
                        .get(org.admin(), "/api/customers?q=Hopper")
                        .json()
                        .get("items"))
                .hasSize(1);
    }

    @Test
    void sellTwoItemsGetPaidShipAndInvoice() throws IOException {
        customer("Ada Lovelace", "ada@example.com");
        fixtures.create(
                org.admin(), "/api/products", Map.of("sku", "ENGINE-1", "name", "Analytical engine", "price", 12_500));
        fixtures.create(org.admin(), "/api/products", Map.of("sku", "CARD-9", "name", "Punched card", "price", 250));
        signIn(org.adminEmail(), "/orders/new");

        type(By.id("customerId"), "Lovel");
        click(By.cssSelector("#customerId-results button"));
        wait.until(d -> text("chosen-customer").contains("Ada Lovelace"));
        type(By.id("items"), "engine");
        click(By.cssSelector("#items-results button"));
        type(By.id("items"), "punched");
        click(By.cssSelector("#items-results button"));
        WebElement cards = wait.until(d -> d.findElement(By.cssSelector("[aria-label='Quantity of Punched card']")));
        cards.sendKeys(Keys.BACK_SPACE, "4");
        wait.until(d -> text("order-total").contains("135.00")); // 125.00 + 4 × 2.50, live
        new org.openqa.selenium.support.ui.Select(browser.findElement(By.id("f-status"))).selectByValue("PLACED");
        Browser.screenshot(browser, "app-order-form");
        click(By.cssSelector("#order-form button[type=submit]"));

        wait.until(d -> text("title").startsWith("Order #"));
        long orderId = Long.parseLong(browser.getCurrentUrl().replaceAll(".*/orders/", ""));
        var order = fixtures.api().get(org.admin(), "/api/orders/" + orderId).json();
        assertThat(order.get("total").asLong()).isEqualTo(13_500);
        assertThat(order.get("items")).hasSize(2);
        assertThat(text("total")).contains("135.00");
        wait.until(d -> text("customer").equals("Ada Lovelace"));
        assertThat(transitions()).containsExactlyInAnyOrder("PAID", "CANCELLED"); // only the allowed moves

        click(By.cssSelector("[data-transition=PAID]"));
        wait.until(d -> transitions().containsAll(List.of("SHIPPED", "REFUNDED")));
        click(By.cssSelector("[data-transition=SHIPPED]"));
        wait.until(d -> transitions().equals(List.of("REFUNDED")));
        assertThat(fixtures.api()
                        .get(org.admin(), "/api/orders/" + orderId)
                        .json()
                        .get("status")
                        .asString())
                .isEqualTo("SHIPPED");
        Browser.screenshot(browser, "app-order");
        browser.manage().window().setSize(new Dimension(390, 1400));
        wait.until(d -> (Boolean) js("return document.documentElement.scrollWidth <= window.innerWidth + 1"));
        Browser.screenshot(browser, "app-order-phone");
        browser.manage().window().setSize(new Dimension(1280, 1000));

        click(By.id("invoice"));
        wait.until(d -> text("title").startsWith("Invoice #"));
        assertThat(text("amount")).contains("135.00");
        var invoices = fixtures.api()
                .get(org.admin(), "/api/invoices?orderId=" + orderId)
                .json()
                .get("items");
        assertThat(invoices).hasSize(1);
        assertThat(invoices.get(0).get("amount").asLong()).isEqualTo(13_500);
        assertThat(transitions()).containsExactlyInAnyOrder("PAID", "OVERDUE", "VOID");
    }

    @Test
    void aRefusedMoveAndADuplicateSkuAreExplainedInWords() {
        fixtures.create(org.admin(), "/api/products", Map.of("sku", "DUP-1", "name", "First", "price", 100));
        signIn(org.adminEmail(), "/products/new");
        wait.until(d -> d.findElement(By.id("f-name"))).sendKeys("Second");
        browser.findElement(By.id("f-sku")).sendKeys("DUP-1");
        browser.findElement(By.id("f-price")).sendKeys("1.00", Keys.ENTER);
        wait.until(d -> !text("f-sku-error").isBlank()); // the 409 names sku: its words go next to it
        assertThat(text("f-sku-error")).contains("already used");
        assertThat(browser.findElement(By.id("f-sku")).getDomAttribute("aria-invalid"))
                .isEqualTo("true");

        browser.findElement(By.id("f-price")).clear();
        browser.findElement(By.id("f-price")).sendKeys("twelve", Keys.ENTER);
        wait.until(d -> text("f-price-error").contains("amount"));
    }

    @Test
    void deleteACustomerAndUndo() {
        long id = customer("Temporary Person", null);
        signIn(org.adminEmail(), "/customers/" + id);
        wait.until(d -> text("title").equals("Temporary Person"));
        click(By.id("delete"));
        wait.until(
                d -> d.getCurrentUrl().endsWith("/customers") && text("notice").contains("deleted"));
        assertThat(fixtures.api().get(org.admin(), "/api/customers/" + id).status())
                .isEqualTo(404);

        click(By.id("notice-action")); // Undo
        wait.until(d ->
                d.getCurrentUrl().endsWith("/customers/" + id) && text("title").equals("Temporary Person"));
        assertThat(fixtures.api().get(org.admin(), "/api/customers/" + id).status())
                .isEqualTo(200);
    }

    @Test
    void aMemberSeesNoUsersLinkAndTheUsersPageIsNotForThem() {
        signIn(org.memberEmail(), "/customers");
        waitForRows(0);
        assertThat(browser.findElements(By.cssSelector("#nav a")).stream().map(WebElement::getText))
                .contains("Customers", "Orders", "Invoices")
                .doesNotContain("Users");
        browser.get(base() + "/users");
        wait.until(d -> !d.findElements(By.cssSelector(".not-found")).isEmpty());

        browser.get(base() + "/"); // the dashboard's navigation too
        wait.until(d -> d.findElement(By.id("nav")).isDisplayed());
        assertThat(browser.findElement(By.id("nav-users")).isDisplayed()).isFalse();
    }

    @Test
    void anAdminManagesUsers() {
        signIn(org.adminEmail(), "/users");
        wait.until(d -> rows().size() == 2);
        assertThat(browser.findElement(By.id("nav")).getText()).contains("Users");
    }

    @Test
    void anotherOrganizationsIdInTheUrlIsNotFound() {
        Fixtures.Org other = fixtures.org();
        long theirs = fixtures.create(other.admin(), "/api/customers", Map.of("name", "Not Yours"));
        signIn(org.adminEmail(), "/customers/" + theirs);
        wait.until(d -> !d.findElements(By.id("not-found")).isEmpty());
        assertThat(text("not-found")).contains("Customer not found");
        assertThat(browser.getPageSource()).doesNotContain("Not Yours");
    }

    @Test
    void anExpiredSessionSignsInAgainAndReturnsToThePage() {
        long id = customer("Back Again", null);
        signIn(org.adminEmail(), "/customers");
        waitForRows(1);
        fixtures.jdbc()
                .sql("UPDATE sessions SET revoked_at = clock_timestamp() WHERE user_id = :u AND revoked_at IS NULL")
                .param("u", org.adminId())
                .update();
        await401Eviction();
        browser.findElement(By.linkText("Back Again")).click();
        wait.until(d -> d.findElement(By.id("login")).isDisplayed());
        assertThat(text("notice")).contains("expired");
        enterCredentials(org.adminEmail());
        wait.until(d ->
                d.getCurrentUrl().endsWith("/customers/" + id) && text("title").equals("Back Again"));
    }

    // ---- helpers ---------------------------------------------------------------------------

    String base() {
        return "http://localhost:" + port;
    }

    long customer(String name, String email) {
        return fixtures.create(
                org.admin(),
                "/api/customers",
                email == null ? Map.of("name", name) : Map.of("name", name, "email", email));
    }

    /** Opens a page without a session: Brisk asks to sign in, then returns to that page. */
    void signIn(String email, String path) {
        browser.get(base() + path);
        wait.until(d -> d.getCurrentUrl().contains("next="));
        enterCredentials(email);
        wait.until(d -> d.getCurrentUrl().endsWith(path));
        wait.until(d -> "false".equals(d.findElement(By.id("view")).getDomAttribute("aria-busy")));
    }

    void enterCredentials(String email) {
        WebElement field =
                wait.until(d -> d.findElement(By.id("email")).isDisplayed() ? d.findElement(By.id("email")) : null);
        field.clear();
        field.sendKeys(email, Keys.TAB);
        browser.switchTo().activeElement().sendKeys(Fixtures.PASSWORD, Keys.ENTER);
    }

    /** Revocation reaches the token cache after commit; wait until the API itself refuses the token. */
    void await401Eviction() {
        String token = (String) js("return sessionStorage.getItem('brisk.token')");
        Awaitility.await()
                .atMost(Duration.ofSeconds(10))
                .until(() -> fixtures.api().get(token, "/api/auth/me").status() == 401);
    }

    List<WebElement> rows() {
        return browser.findElements(By.cssSelector("#list tbody tr:not(.placeholder)"));
    }

    void waitForRows(int n) {
        wait.until(d ->
                d.findElements(By.cssSelector("#list tbody tr.placeholder")).isEmpty()
                        && rows().size() == n
                        && !text("count").isBlank());
    }

    /** The status moves offered, read in one go (the buttons are redrawn after each move). */
    @SuppressWarnings("unchecked")
    List<String> transitions() {
        return (List<String>)
                js("return [...document.querySelectorAll('[data-transition]')].map(e => e.dataset.transition)");
    }

    /** An element's visible text, read in one go (views are redrawn after each change). */
    String text(String id) {
        Object text = js("const e = document.getElementById(arguments[0]); return e ? e.innerText : ''", id);
        return text == null ? "" : text.toString().strip();
    }

    void type(By by, String text) {
        WebElement e = wait.until(d -> d.findElement(by));
        e.clear();
        e.sendKeys(text);
    }

    void click(By by) {
        wait.until(d -> {
                    List<WebElement> found = d.findElements(by);
                    return !found.isEmpty()
                                    && found.get(0).isDisplayed()
                                    && found.get(0).isEnabled()
                            ? found.get(0)
                            : null;
                })
                .click();
    }

    long notModified() {
        return ((Number) js("return window.briskApp.stats.notModified")).longValue();
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(script, args);
    }
}
