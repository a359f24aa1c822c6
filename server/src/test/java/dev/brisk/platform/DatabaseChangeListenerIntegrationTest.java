package dev.brisk.platform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brisk.support.BriskIntegrationTest;
import dev.brisk.support.ChangeRecorder;
import dev.brisk.support.Fixtures;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

@BriskIntegrationTest
class DatabaseChangeListenerIntegrationTest {

    @Autowired
    Fixtures fixtures;

    @Autowired
    ChangeRecorder recorder;

    @Autowired
    DatabaseChangeListener listener;

    @Autowired
    org.springframework.core.env.Environment env;

    @Test
    void aWriteFromOutsideBriskIsAnnouncedWithItsOrgOncePerStatement() throws Exception {
        var org = fixtures.org();
        var other = fixtures.org();
        int before = recorder.changes().size();
        try (Connection c = plainConnection();
                Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO customers (org_id, name) SELECT " + org.id()
                    + ", 'bulk ' || g FROM generate_series(1, 50) g");
        }
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(recorder.changes()
                                .subList(before, recorder.changes().size()))
                        .filteredOn(c -> "customers".equals(c.table()))
                        .singleElement()
                        .satisfies(c -> {
                            assertThat(c.orgs()).containsExactly(org.id());
                            assertThat(c.affects(other.id())).isFalse();
                        }));
    }

    @Test
    void aNotificationNamesTheRowsItChangedUpToALimitAndThenOnlyTheTable() throws Exception {
        var org = fixtures.org();
        int before = recorder.changes().size();
        try (Connection c = plainConnection();
                Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO customers (org_id, name) SELECT " + org.id()
                    + ", 'row ' || g FROM generate_series(1, 101) g");
            s.executeUpdate(
                    "UPDATE customers SET name = 'one' WHERE id = (SELECT min(id) FROM customers WHERE org_id = "
                            + org.id() + ")");
            // items name their orders: an order's detail shows its items
            s.executeUpdate(
                    "INSERT INTO products (org_id, sku, name, price) VALUES (" + org.id() + ", 'ROWS-1', 'p', 1)");
            s.executeUpdate("""
                    INSERT INTO orders (org_id, customer_id, number, status, total)
                    SELECT %1$d, min(id), 1, 'DRAFT', 0 FROM customers WHERE org_id = %1$d""".formatted(org.id()));
            s.executeUpdate("""
                    INSERT INTO order_items (org_id, order_id, product_id, quantity, unit_price)
                    SELECT %1$d, o.id, p.id, 1, 1 FROM orders o, products p WHERE o.org_id = %1$d AND p.org_id = %1$d""".formatted(org.id()));
        }
        long first = fixtures.jdbc()
                .sql("SELECT min(id) FROM customers WHERE org_id = :org")
                .param("org", org.id())
                .query(Long.class)
                .single();
        long order = fixtures.jdbc()
                .sql("SELECT id FROM orders WHERE org_id = :org")
                .param("org", org.id())
                .query(Long.class)
                .single();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var mine = recorder.changes().subList(before, recorder.changes().size()).stream()
                    .filter(c -> c.orgs().contains(org.id()))
                    .toList();
            assertThat(mine).filteredOn(c -> "customers".equals(c.table())).hasSize(2);
            assertThat(mine.get(0).wide())
                    .as("101 rows: more than a notification lists")
                    .isTrue();
            assertThat(mine.get(0).rows()).isEmpty();
            assertThat(mine.get(1).wide()).isFalse();
            assertThat(mine.get(1).rows()).containsExactly(first);
            assertThat(mine)
                    .filteredOn(c -> "order_items".equals(c.table()))
                    .singleElement()
                    .satisfies(c -> assertThat(c.rows()).containsExactly(order));
        });
    }

    @Test
    void aRolledBackWriteIsNeverAnnounced() throws Exception {
        var org = fixtures.org();
        int before = recorder.changes().size();
        try (Connection c = plainConnection();
                Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.executeUpdate(
                    "INSERT INTO products (org_id, sku, name, price) VALUES (" + org.id() + ", 'RB-1', 'x', 1)");
            c.rollback();
            c.setAutoCommit(true);
            s.executeUpdate(
                    "INSERT INTO products (org_id, sku, name, price) VALUES (" + org.id() + ", 'RB-2', 'y', 1)");
        }
        await().atMost(Duration.ofSeconds(10))
                .until(() -> recorder.changes().stream()
                        .skip(before)
                        .anyMatch(c -> "products".equals(c.table()) && c.orgs().contains(org.id())));
        assertThat(recorder.changes().stream()
                        .skip(before)
                        .filter(c -> "products".equals(c.table()) && c.orgs().contains(org.id())))
                .hasSize(1);
    }

    @Test
    void sessionAndUserChangesNameTheUsers() {
        var org = fixtures.org();
        int before = recorder.changes().size();
        fixtures.api().post(org.member(), "/api/auth/logout", null);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> recorder.changes().stream()
                        .skip(before)
                        .anyMatch(c -> "sessions".equals(c.table())
                                && c.users().contains(org.memberId())
                                && c.orgs().contains(org.id())));
    }

    @Test
    void aKilledListenerConnectionReconnectsAndReportsTheGap() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(listener::connected);
        long reconnects = listener.reconnects();
        int before = recorder.changes().size();
        try (Connection c = plainConnection();
                Statement s = c.createStatement()) {
            s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
                    + DatabaseChangeListener.APPLICATION_NAME + "' AND datname = current_database()");
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> listener.reconnects() > reconnects && listener.connected());
        assertThat(recorder.changes().stream().skip(before)).anyMatch(DatabaseChange::all);

        var org = fixtures.org();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> recorder.changes().stream()
                        .skip(before)
                        .anyMatch(c -> "users".equals(c.table()) && c.orgs().contains(org.id())));
    }

    private Connection plainConnection() throws Exception {
        return DriverManager.getConnection(
                env.getRequiredProperty("spring.datasource.url"),
                env.getProperty("spring.datasource.username", "postgres"),
                env.getProperty("spring.datasource.password", ""));
    }
}
