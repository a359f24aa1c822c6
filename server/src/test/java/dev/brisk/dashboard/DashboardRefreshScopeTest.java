package dev.brisk.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.support.BriskIntegrationTest;
import dev.brisk.support.Fixtures;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * V104 and V105: a refresh recomputes only the views whose inputs changed (V104) and whose rows
 * would change (V105), and the dashboard still equals the live computation afterwards. The
 * refresh lock is held by this test's own session from the first write to the refresh, so the
 * application's background refresher cannot fold the changes first (its try-lock fails; this
 * session's refresh call re-enters the lock).
 */
@BriskIntegrationTest
class DashboardRefreshScopeTest {

    static final String SUMMARY = "dashboard_summary";
    static final String BY_STATUS = "dashboard_orders_by_status";
    static final String DAILY = "dashboard_revenue_daily";
    static final String PRODUCTS = "dashboard_top_products";
    static final String CUSTOMERS = "dashboard_top_customers";

    @Autowired
    Fixtures fixtures;

    @Autowired
    DataSource dataSource;

    @Autowired
    JsonMapper json;

    @Test
    void eachKindOfChangeRefreshesOnlyTheViewsThatReadIt() throws Exception {
        Fixtures.Org org = fixtures.org();
        DashboardData data = new DashboardData(fixtures.jdbc(), org.id());
        JdbcClient writes = fixtures.jdbc();
        try (Connection c = dataSource.getConnection()) {
            JdbcClient session = JdbcClient.create(new SingleConnectionDataSource(c, true));
            session.sql("SELECT pg_advisory_lock(:key)")
                    .param("key", DashboardRollupPropertyTest.REFRESH_LOCK)
                    .query()
                    .singleRow();
            try {
                long customer = data.customer("Scope");
                long product = data.product("SCOPE-1", 500, false);
                long order = data.order(customer, "PAID", 1_000, Instant.now(), false);
                data.item(order, product, 2, 500, false);
                assertThat(refresh(session)).contains(SUMMARY, BY_STATUS, DAILY, PRODUCTS, CUSTOMERS);

                assertThat(refresh(session)).as("nothing changed").isEmpty();

                writes.sql("UPDATE products SET name = 'Renamed' WHERE id = :id")
                        .param("id", product)
                        .update();
                assertThat(refresh(session)).as("product renamed").containsExactly(PRODUCTS);

                writes.sql("UPDATE products SET stock = stock + 5 WHERE id = :id")
                        .param("id", product)
                        .update();
                assertThat(refresh(session)).as("stock shows in no view").isEmpty();

                writes.sql("UPDATE customers SET name = 'Renamed' WHERE id = :id")
                        .param("id", customer)
                        .update();
                assertThat(refresh(session)).as("customer renamed").containsExactly(CUSTOMERS);

                data.invoice(order, customer, "SENT", 1_000, LocalDate.now(ZoneOffset.UTC), false);
                assertThat(refresh(session)).as("invoice sent").containsExactly(SUMMARY);

                data.customer("Another");
                assertThat(refresh(session)).as("customer added").containsExactly(SUMMARY);

                writes.sql("UPDATE orders SET status = 'SHIPPED' WHERE id = :id")
                        .param("id", order)
                        .update();
                // PAID -> SHIPPED on the same day: reaches four views (V104), but only the counts by
                // status differ; the 30-day orders and revenue, the day's revenue and the top
                // customer's numbers stay as they are (V105)
                assertThat(refresh(session)).as("order shipped").containsExactly(BY_STATUS);

                fixtures.org();
                // a summary row for it; no top product or customer yet
                assertThat(refresh(session)).as("organization added").containsExactly(SUMMARY);

                DashboardRepository repository = new DashboardRepository(session, json);
                Dashboard views = repository.fromViews(org.id());
                assertThat(views).usingRecursiveComparison().isEqualTo(repository.live(org.id(), views.asOf()));
            } finally {
                session.sql("SELECT pg_advisory_unlock(:key)")
                        .param("key", DashboardRollupPropertyTest.REFRESH_LOCK)
                        .query()
                        .singleRow();
            }
        }
    }

    /**
     * One refresh by the lock holder; the views it recomputed, as logged. The views' date is set to
     * today first, so a test that runs across UTC midnight still sees only its own changes.
     */
    private static List<String> refresh(JdbcClient session) {
        session.sql("UPDATE dashboard_rollup_window SET views_day = (now() AT TIME ZONE 'UTC')::date WHERE id = 1")
                .update();
        assertThat(session.sql("SELECT refresh_dashboard_summary('scope-test')")
                        .query(Instant.class)
                        .single())
                .isNotNull();
        return session.sql("""
                        SELECT unnest(views) FROM dashboard_refresh_log
                        WHERE id = (SELECT max(id) FROM dashboard_refresh_log WHERE reason = 'scope-test')
                        """).query(String.class).list();
    }
}
