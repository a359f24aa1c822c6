package dev.brisk.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.brisk.dashboard.DashboardRefresher.Outcome;
import dev.brisk.support.Api;
import dev.brisk.support.BriskIntegrationTest;
import dev.brisk.support.Fixtures;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** The views against the live computation, the endpoint, and the refresher, on the real PostgreSQL. */
@BriskIntegrationTest
class DashboardIntegrationTest {

    @Autowired
    Fixtures fixtures;

    @Autowired
    DashboardRepository repository;

    @Autowired
    DashboardRefresher refresher;

    @Autowired
    DataSource dataSource;

    /** Refreshes until a refresh that started after this call has committed. */
    void refreshed() {
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> refresher.refreshNow("test") == Outcome.REFRESHED);
    }

    Dashboard viewsAgreeWithLive(long org) {
        Dashboard views = repository.fromViews(org);
        Dashboard live = repository.live(org, views.asOf());
        assertThat(views).usingRecursiveComparison().isEqualTo(live);
        assertThat(views).isEqualTo(live);
        assertThat(views.revenueDaily()).hasSize(30);
        assertThat(views.revenueDaily().getLast().day())
                .isEqualTo(views.asOf().atOffset(ZoneOffset.UTC).toLocalDate());
        assertThat(views.revenueDaily().stream()
                        .mapToLong(Dashboard.DayRevenue::revenue)
                        .sum())
                .isEqualTo(views.revenue().last30Days());
        assertThat(views.revenueDaily().stream()
                        .mapToLong(Dashboard.DayRevenue::orders)
                        .sum())
                .isEqualTo(views.revenue().paidOrders30Days());
        assertThat(views.ordersByStatus())
                .extracting(Dashboard.StatusCount::status)
                .containsExactlyElementsOf(DashboardData.ORDER_STATUSES);
        return views;
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 20_260_101, 42})
    void viewsEqualTheLiveComputationOnRandomData(long seed) {
        var org = fixtures.org();
        new DashboardData(fixtures.jdbc(), org.id()).random(seed, 300);
        refreshed();

        Dashboard d = viewsAgreeWithLive(org.id());
        assertThat(d.revenue().last30Days()).isPositive();
        assertThat(d.revenue().previous30Days()).isPositive();
        assertThat(d.topProducts()).hasSize(5);
        assertThat(d.topCustomers()).hasSize(5);
        assertThat(d.topProducts())
                .extracting(Dashboard.TopProduct::revenue)
                .isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(d.ordersByStatus()).allSatisfy(s -> assertThat(s.count()).isPositive());
        assertThat(d.invoices().outstandingCount()).isPositive();
        // and the endpoint serves exactly these numbers
        JsonNode api = fixtures.api().get(org.member(), "/api/dashboard").json();
        assertThat(api.get("revenue").get("last30Days").asLong())
                .isEqualTo(d.revenue().last30Days());
        assertThat(api.get("asOf").asString()).isEqualTo(d.asOf().toString());
    }

    @Test
    void anOrgWithNoDataGetsZerosAndEmptyLists() {
        var org = fixtures.org();
        refreshed();
        Dashboard d = viewsAgreeWithLive(org.id());
        assertThat(d.customers()).isEqualTo(new Dashboard.Customers(0, 0, 0));
        assertThat(d.orders()).isEqualTo(new Dashboard.Orders(0, 0, null));
        assertThat(d.revenue()).isEqualTo(new Dashboard.Revenue(0, 0, null, 0, 0));
        assertThat(d.invoices()).isEqualTo(new Dashboard.Invoices(0, 0, 0, 0));
        assertThat(d.ordersByStatus()).allSatisfy(s -> assertThat(s.count()).isZero());
        assertThat(d.topProducts()).isEmpty();
        assertThat(d.topCustomers()).isEmpty();
        assertThat(d.revenueDaily()).allSatisfy(day -> assertThat(day.revenue()).isZero());
        assertThat(d.currency()).isEqualTo("EUR");

        var response = fixtures.api().get(org.admin(), "/api/dashboard");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("topProducts").isEmpty()).isTrue();
        assertThat(response.json().get("revenue").get("growthPct").isNull()).isTrue();
    }

    @Test
    void anOrgCreatedAfterTheLastRefreshGetsZerosNot404() {
        var org = fixtures.org(); // no refresh: the views have never seen this org
        var response = fixtures.api().get(org.member(), "/api/dashboard");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        assertThat(response.json().get("orgId").asLong()).isEqualTo(org.id());
        assertThat(response.json().get("customers").get("total").asLong()).isZero();
        assertThat(response.json().get("revenueDaily")).hasSize(30);
    }

    @Test
    void refundedAndCancelledOrdersAreNoRevenue() {
        var org = fixtures.org();
        var data = new DashboardData(fixtures.jdbc(), org.id());
        long c = data.customer("Refunder");
        Instant yesterday = Instant.now().minus(Duration.ofDays(1));
        data.order(c, "REFUNDED", 5_000, yesterday, false);
        data.order(c, "REFUNDED", 7_000, yesterday, false);
        data.order(c, "CANCELLED", 9_000, yesterday, false);
        data.order(c, "CANCELLED", 9_000, null, false);
        refreshed();

        Dashboard d = viewsAgreeWithLive(org.id());
        assertThat(d.revenue()).isEqualTo(new Dashboard.Revenue(0, 0, null, 0, 0));
        assertThat(d.orders().last30Days()).isEqualTo(2); // refunded orders were placed; cancelled ones never count
        assertThat(d.topCustomers()).isEmpty();
        assertThat(d.ordersByStatus())
                .contains(
                        new Dashboard.StatusCount("REFUNDED", 2, 12_000),
                        new Dashboard.StatusCount("CANCELLED", 2, 18_000),
                        new Dashboard.StatusCount("PAID", 0, 0));
    }

    @Test
    void softDeletedRowsCountNowhere() {
        var org = fixtures.org();
        var data = new DashboardData(fixtures.jdbc(), org.id());
        Instant recent = Instant.now().minus(Duration.ofHours(30));
        long live = data.customer("Live", "ACTIVE", recent, false);
        long gone = data.customer("Gone", "ACTIVE", recent, true);
        long p1 = data.product("LIVE", 100, false);
        long p2 = data.product("GONE", 100, true);
        long o1 = data.order(live, "PAID", 1_000, recent, false);
        data.item(o1, p1, 2, 300, false);
        data.item(o1, p1, 1, 400, true); // deleted item
        data.item(o1, p2, 1, 999, false); // item of a deleted product
        long o2 = data.order(live, "PAID", 50_000, recent, true); // deleted order
        data.item(o2, p1, 9, 9_000, false);
        long o3 = data.order(gone, "SHIPPED", 2_000, recent, false); // live order of a deleted customer
        data.invoice(o1, live, "SENT", 1_000, LocalDate.now(ZoneOffset.UTC).plusDays(10), false);
        data.invoice(o1, live, "OVERDUE", 4_000, LocalDate.now(ZoneOffset.UTC).minusDays(3), true);
        data.invoice(o3, gone, "SENT", 3_000, LocalDate.now(ZoneOffset.UTC).minusDays(1), false);
        refreshed();

        Dashboard d = viewsAgreeWithLive(org.id());
        assertThat(d.customers()).isEqualTo(new Dashboard.Customers(1, 1, 1));
        assertThat(d.revenue().last30Days()).isEqualTo(3_000);
        assertThat(d.revenue().paidOrders30Days()).isEqualTo(2);
        assertThat(d.revenue().averageOrderValue()).isEqualTo(1_500);
        assertThat(d.orders().last30Days()).isEqualTo(2);
        assertThat(d.ordersByStatus())
                .contains(new Dashboard.StatusCount("PAID", 1, 1_000), new Dashboard.StatusCount("SHIPPED", 1, 2_000));
        assertThat(d.topProducts())
                .singleElement()
                .isEqualTo(new Dashboard.TopProduct(p1, "LIVE", "Product LIVE", 2, 600));
        assertThat(d.topCustomers()).singleElement().isEqualTo(new Dashboard.TopCustomer(live, "Live", 1, 1_000));
        assertThat(d.invoices()).isEqualTo(new Dashboard.Invoices(2, 4_000, 1, 3_000));
    }

    @Test
    void windowsFollowUtcDayBoundariesAndGrowthAndAverageAreRounded() {
        var org = fixtures.org();
        var data = new DashboardData(fixtures.jdbc(), org.id());
        long c = data.customer("Edge");
        // last 30 days = [today-29 00:00, tomorrow 00:00); previous = [today-59 00:00, today-29 00:00)
        data.order(c, "PAID", 100, DashboardData.dayStart(29), false); // first instant: in
        data.order(c, "PAID", 200, DashboardData.dayStart(-1).minusNanos(1_000), false); // last instant: in
        data.order(c, "SHIPPED", 1, DashboardData.dayStart(0), false); // today 00:00: in
        data.order(c, "PAID", 4_000, DashboardData.dayStart(29).minusNanos(1_000), false); // previous window
        data.order(c, "PAID", 8_000, DashboardData.dayStart(59), false); // previous window
        data.order(c, "PAID", 16_000, DashboardData.dayStart(59).minusNanos(1_000), false); // too old
        data.order(c, "PAID", 32_000, DashboardData.dayStart(-1), false); // tomorrow: out
        data.order(c, "PLACED", 64_000, DashboardData.dayStart(3), false); // an order, no revenue
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        refreshed();

        Dashboard d = viewsAgreeWithLive(org.id());
        assumeTrue(
                d.asOf().atOffset(ZoneOffset.UTC).toLocalDate().equals(today), "the UTC date changed during the test");
        assertThat(d.revenue().last30Days()).isEqualTo(301);
        assertThat(d.revenue().previous30Days()).isEqualTo(12_000);
        assertThat(d.revenue().growthPct()).isEqualTo(-97.5); // (301 - 12000) / 12000 = -97.4916…
        assertThat(d.revenue().averageOrderValue()).isEqualTo(100); // 301 / 3 = 100.33
        assertThat(d.orders()).isEqualTo(new Dashboard.Orders(4, 2, 100.0));
        assertThat(d.revenueDaily().getFirst()).isEqualTo(new Dashboard.DayRevenue(today.minusDays(29), 1, 100));
        assertThat(d.revenueDaily().getLast()).isEqualTo(new Dashboard.DayRevenue(today, 2, 201));
    }

    @Test
    void topFiveBreakTiesByIdAndAverageRoundsHalfUp() {
        var org = fixtures.org();
        var data = new DashboardData(fixtures.jdbc(), org.id());
        Instant recent = Instant.now().minus(Duration.ofHours(2));
        long[] customers = new long[7];
        long[] products = new long[7];
        for (int i = 0; i < 7; i++) {
            customers[i] = data.customer("C" + i);
            products[i] = data.product("P" + i, 10, false);
            long o = data.order(customers[i], "PAID", i < 2 ? 5 : 4, recent, false); // customers 0 and 1 lead
            data.item(o, products[i], 1, 50, false); // all products tie
        }
        refreshed();

        Dashboard d = viewsAgreeWithLive(org.id());
        assertThat(d.topProducts())
                .extracting(Dashboard.TopProduct::productId)
                .containsExactly(products[0], products[1], products[2], products[3], products[4]);
        assertThat(d.topCustomers())
                .extracting(Dashboard.TopCustomer::customerId)
                .containsExactly(customers[0], customers[1], customers[2], customers[3], customers[4]);
        assertThat(d.revenue().last30Days()).isEqualTo(30);
        assertThat(d.revenue().averageOrderValue()).isEqualTo(4); // 30 / 7 = 4.29
    }

    @Test
    void theEndpointCostsOneStatementBeyondAuthAndReportsStaleness() {
        var org = fixtures.org();
        refreshed();
        Api api = fixtures.api();
        api.get(org.member(), "/api/dashboard"); // warm whatever auth caches
        var response = api.get(org.member(), "/api/dashboard");
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.statements()).isLessThanOrEqualTo(2);
        assertThat(response.json().get("stalenessSeconds").asLong()).isBetween(0L, 3_600L);
        assertThat(Instant.parse(response.json().get("asOf").asString()))
                .isBefore(Instant.now().plusSeconds(5));
        assertThat(api.get(null, "/api/dashboard").status()).isEqualTo(401);
    }

    @Test
    void aWriteMadeWithSqlShowsOnTheDashboardAfterTheDebounce() {
        var org = fixtures.org();
        var data = new DashboardData(fixtures.jdbc(), org.id());
        long c = data.customer("Writer");
        Api api = fixtures.api();
        data.order(c, "PAID", 12_345, Instant.now(), false);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(api.get(org.member(), "/api/dashboard")
                                .json()
                                .get("revenue")
                                .get("last30Days")
                                .asLong())
                        .isEqualTo(12_345));
        fixtures.jdbc()
                .sql("UPDATE orders SET status = 'REFUNDED' WHERE org_id = :org")
                .param("org", org.id())
                .update();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .untilAsserted(() -> assertThat(api.get(org.member(), "/api/dashboard")
                                .json()
                                .get("revenue")
                                .get("last30Days")
                                .asLong())
                        .isZero());
    }

    @Test
    void readsProceedWhileARefreshHoldsItsLocksAndOtherRefreshersSkip() throws Exception {
        var org = fixtures.org();
        new DashboardData(fixtures.jdbc(), org.id())
                .order(
                        new DashboardData(fixtures.jdbc(), org.id()).customer("Reader"),
                        "PAID",
                        777,
                        Instant.now(),
                        false);
        refreshed();
        Api api = fixtures.api();
        try (Connection held = dataSource.getConnection();
                Statement s = held.createStatement()) {
            held.setAutoCommit(false);
            // a refresh that has refreshed every view and is not committed yet: it holds the
            // views' refresh locks and the advisory lock for as long as this test wants
            await().atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        try (var rs = s.executeQuery("SELECT refresh_dashboard_summary('test-held') IS NOT NULL")) {
                            rs.next();
                            if (!rs.getBoolean(1)) {
                                held.rollback();
                                return false;
                            }
                            return true;
                        }
                    });
            var read = CompletableFuture.supplyAsync(() -> api.get(org.member(), "/api/dashboard"));
            var response = read.get(30, TimeUnit.SECONDS); // would time out if readers waited for the refresh
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.json().get("revenue").get("last30Days").asLong())
                    .isEqualTo(777);
            assertThat(refresher.refreshNow("test-while-held")).isEqualTo(Outcome.SKIPPED);
            held.rollback();
        }
        refreshed();
    }
}
