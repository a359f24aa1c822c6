package dev.brisk.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.brisk.dashboard.DashboardRefresher.Outcome;
import dev.brisk.support.BriskIntegrationTest;
import dev.brisk.support.Fixtures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

/** The dashboard page in headless Chromium: sign in with the keyboard, numbers, chart, phone width, expiry. */
@BriskIntegrationTest
class DashboardPageBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @Autowired
    Fixtures fixtures;

    @Autowired
    DashboardRefresher refresher;

    @Value("${local.server.port}")
    int port;

    WebDriver browser;

    @BeforeEach
    void startBrowser() {
        assumeTrue(Files.isExecutable(CHROMIUM), "Chromium is not installed at /usr/bin/chromium");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--window-size=1280,1800");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void signInSeeTheNumbersOfTheApiAndTheChartAndGetSentBackWhenTheSessionEnds() throws IOException {
        var org = fixtures.org();
        new DashboardData(fixtures.jdbc(), org.id()).random(11, 150);
        await().atMost(Duration.ofSeconds(60)).until(() -> refresher.refreshNow("browser-test") == Outcome.REFRESHED);
        String base = "http://localhost:" + port;
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));

        browser.get(base + "/");
        WebElement email = wait.until(d -> visible(d, "email"));
        assertThat(browser.switchTo().activeElement()).isEqualTo(email); // the form has the focus
        email.sendKeys(org.adminEmail());
        email.sendKeys(Keys.TAB);
        browser.switchTo().activeElement().sendKeys(Fixtures.PASSWORD, Keys.ENTER); // keyboard only

        wait.until(d -> "true".equals(d.findElement(By.id("chart")).getDomAttribute("data-drawn")));
        assertThat(browser.switchTo().activeElement().getDomAttribute("id")).isEqualTo("dashboard-title");

        JsonNode api = fixtures.api().get(org.admin(), "/api/dashboard").json();
        for (String kpi : List.of(
                "revenue.last30Days",
                "revenue.previous30Days",
                "revenue.averageOrderValue",
                "orders.last30Days",
                "customers.total",
                "customers.active",
                "invoices.outstandingAmount",
                "invoices.overdueCount")) {
            String[] path = kpi.split("\\.");
            assertThat(kpiValue(kpi))
                    .as(kpi)
                    .isEqualTo(api.get(path[0]).get(path[1]).asString());
            assertThat(browser.findElement(By.cssSelector("[data-kpi='" + kpi + "']"))
                            .getText())
                    .as(kpi)
                    .isNotBlank();
        }
        assertThat(browser.findElements(By.cssSelector("#top-products tr")))
                .hasSize(api.get("topProducts").size());
        assertThat(browser.findElements(By.cssSelector("#orders-by-status tr"))).hasSize(6);
        assertThat(browser.findElement(By.id("top-customers")).getText())
                .contains(api.get("topCustomers").get(0).get("name").asString());
        assertThat(browser.findElement(By.id("chart")).getDomAttribute("data-points"))
                .isEqualTo("30");
        assertThat(paintedPixels()).as("pixels the chart painted").isGreaterThan(500);
        screenshot("dashboard-page.png");

        browser.manage().window().setSize(new Dimension(390, 1800)); // a phone
        wait.until(d -> (Boolean) js("return document.documentElement.scrollWidth <= window.innerWidth + 1"));
        screenshot("dashboard-page-phone.png");

        // the session ends (revoked elsewhere): the page says so and asks to sign in again
        fixtures.jdbc()
                .sql("UPDATE sessions SET revoked_at = clock_timestamp() WHERE user_id = :u AND revoked_at IS NULL")
                .param("u", org.adminId())
                .update();
        wait.until(d -> d.findElement(By.id("login")).isDisplayed());
        assertThat(browser.findElement(By.id("notice")).getText()).contains("session has expired");
        assertThat(browser.findElement(By.id("dashboard")).isDisplayed()).isFalse();
        assertThat(browser.findElement(By.id("who")).isDisplayed()).isFalse();
        assertThat(browser.switchTo().activeElement().getDomAttribute("id")).isEqualTo("password");
        screenshot("dashboard-page-expired.png");
    }

    @Test
    void aWrongPasswordIsExplainedNextToTheForm() {
        var org = fixtures.org();
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        browser.get("http://localhost:" + port + "/");
        wait.until(d -> visible(d, "email")).sendKeys(org.memberEmail());
        browser.findElement(By.id("password")).sendKeys("not-the-password", Keys.ENTER);
        wait.until(d -> !d.findElement(By.id("login-error")).getText().isBlank());
        assertThat(browser.findElement(By.id("login-error")).getText()).contains("Wrong email or password");
        assertThat(browser.findElement(By.id("dashboard")).isDisplayed()).isFalse();
    }

    static WebElement visible(WebDriver d, String id) {
        WebElement e = d.findElement(By.id(id));
        return e.isDisplayed() ? e : null;
    }

    String kpiValue(String kpi) {
        return browser.findElement(By.cssSelector("[data-kpi='" + kpi + "']")).getDomAttribute("data-value");
    }

    Object js(String script) {
        return ((JavascriptExecutor) browser).executeScript(script);
    }

    long paintedPixels() {
        return (Long) js("""
                const c = document.querySelector('#chart canvas');
                if (!c || c.width === 0) return 0;
                const px = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
                let n = 0;
                for (let i = 3; i < px.length; i += 4) if (px[i] !== 0) n++;
                return n;
                """);
    }

    void screenshot(String name) throws IOException {
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(
                ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath(),
                target,
                StandardCopyOption.REPLACE_EXISTING);
    }
}
