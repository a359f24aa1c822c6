package dev.brisk.monitoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brisk.support.BriskIntegrationTest;
import dev.brisk.support.Browser;
import dev.brisk.support.Fixtures;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.springframework.beans.factory.annotation.Autowired;

@BriskIntegrationTest
class MonitoringPageBrowserTest {

    @Autowired
    Fixtures fixtures;

    @Test
    void anOperatorSeesTheChartsMoveWhileRequestsArrive() throws Exception {
        var org = fixtures.org();
        var api = fixtures.api();
        String operatorEmail = fixtures.operatorEmail();
        AtomicBoolean sending = new AtomicBoolean(true);
        Thread traffic = Thread.ofVirtual().start(() -> {
            while (sending.get()) {
                api.get(org.member(), "/api/customers?limit=5");
                api.get(org.member(), "/api/test/n-plus-one");
            }
        });
        ChromeDriver browser = Browser.start(1280, 1000);
        try {
            browser.get("http://localhost:" + api.port() + "/monitoring");
            browser.findElement(By.id("email")).sendKeys(operatorEmail);
            browser.findElement(By.id("password")).sendKeys(Fixtures.PASSWORD);
            browser.findElement(By.cssSelector("#login button[type=submit]")).click();

            await().atMost(Duration.ofSeconds(30))
                    .until(() -> ((Number)
                                            browser.executeScript(
                                                    "return window.briskCharts ? briskCharts.rps.data[1].filter(v => v > 0).length : 0"))
                                    .intValue()
                            >= 3);
            assertThat(browser.findElements(By.cssSelector("#chart-rps canvas")))
                    .isNotEmpty();
            assertThat(browser.findElement(By.id("status")).getText()).contains("req/s");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> browser.findElement(By.id("nplus1")).getText().contains("GET /api/test/n-plus-one"));
            // the hit rate is a share: its axis is 0-100 %, whatever the data
            assertThat(((Number) browser.executeScript("return briskCharts.hits.scales.y.max")).doubleValue())
                    .isEqualTo(100);
            assertThat(((Number) browser.executeScript("return briskCharts.hits.scales.y.min")).doubleValue())
                    .isEqualTo(0);
            // component state: no Redis in this test context (memory-only), no replicas, a staleness in seconds
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> browser.findElement(By.id("state-staleness"))
                            .getText()
                            .endsWith(" s"));
            assertThat(browser.findElement(By.id("state-database")).getText()).isEqualTo("UP");
            assertThat(browser.findElement(By.id("state-redis")).getText()).startsWith("DISABLED");
            assertThat(browser.findElement(By.id("state-replicas")).getText()).isEqualTo("none configured");
            assertThat(browser.findElement(By.cssSelector("#chart-staleness canvas"))
                            .isDisplayed())
                    .isTrue();
            Browser.screenshot(browser, "monitoring");

            // an organization's ADMIN (and a member) gets told, not shown a broken page
            for (String tenantToken : java.util.List.of(org.admin(), org.member())) {
                browser.executeScript("sessionStorage.setItem('brisk.token', arguments[0])", tenantToken);
                browser.navigate().refresh();
                await().atMost(Duration.ofSeconds(10))
                        .until(() -> browser.findElement(By.id("login-error"))
                                .getText()
                                .contains("platform operator"));
            }
        } finally {
            sending.set(false);
            traffic.join();
            browser.quit();
        }
    }
}
