package dev.brisk.demo;

import dev.brisk.dashboard.DashboardRefresher;
import dev.brisk.datagen.Tenant;
import dev.brisk.datagen.TenantLoad;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Writes the demo data into a database that has no organizations yet, in one transaction on one
 * connection: the two demo organizations are datagen {@link Tenant}s, whose rows datagen's
 * {@link TenantLoad#into} COPYs in (the same generator as the harness's and the tests' data sets);
 * then the platform organization and the four logins. A second node starting at the same moment
 * waits on an advisory lock and then finds the organizations there, so the data is seeded once.
 */
@Component
class DemoSeeder {

    static final String PASSWORD = "brisk-demo";

    /** The platform organization: holds the operators and no business data (V10 enforces both). */
    static final String PLATFORM_SLUG = "brisk-platform";

    record Login(String email, String name, String role, String orgSlug) {}

    static final List<Login> LOGINS = List.of(
            new Login("demo@brisk.dev", "Demo Admin", "ADMIN", "demo-co"),
            new Login("member@brisk.dev", "Demo Member", "MEMBER", "demo-co"),
            new Login("admin@other.brisk.dev", "Other Admin", "ADMIN", "other-ltd"),
            new Login("operator@brisk.dev", "Platform Operator", "OPERATOR", PLATFORM_SLUG));

    /** What was written for one organization. */
    record Seeded(String org, long customers, long products, long orders, long items, long invoices) {

        @Override
        public String toString() {
            return "%s (%d customers, %d products, %d orders with %d items, %d invoices)"
                    .formatted(org, customers, products, orders, items, invoices);
        }
    }

    record Result(List<Seeded> orgs, Duration took) {}

    private static final Logger log = LoggerFactory.getLogger(DemoSeeder.class);
    /** pg_advisory_xact_lock key that serializes seeding across nodes ("brisk-demo" in ASCII, truncated). */
    private static final long LOCK_KEY = 0x627269736b2d6465L;

    private final DataSource dataSource;
    private final PasswordEncoder passwordEncoder;
    private final DemoProperties properties;

    DemoSeeder(DataSource dataSource, PasswordEncoder passwordEncoder, DemoProperties properties) {
        this.dataSource = dataSource;
        this.passwordEncoder = passwordEncoder;
        this.properties = properties;
    }

    List<Tenant> tenants() {
        return List.of(properties.demoCo(), properties.otherLtd());
    }

    /**
     * Seeds when the database has no organizations; otherwise changes nothing.
     *
     * @param now the moment the data is relative to ("last 30 days" ends here)
     * @return what was seeded, or empty when the database already had organizations
     */
    Optional<Result> seed(Instant now) {
        long started = System.nanoTime();
        Instant at = now.truncatedTo(ChronoUnit.SECONDS);
        List<Seeded> seeded;
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                if (!lockAndCheckEmpty(connection)) {
                    connection.rollback();
                    return Optional.empty();
                }
                // bcrypt is the slowest step (0.1-1 s on a busy machine): hash once, while the data is written.
                // The demo users share the hash of the published demo password; nothing is lost by that.
                CompletableFuture<String> passwordHash =
                        CompletableFuture.supplyAsync(() -> passwordEncoder.encode(PASSWORD));
                // The load locks the business tables, whose triggers feed the dashboard rollups that a
                // refresh locks under its advisory lock: take that lock first, as a refresh does.
                seeded = TenantLoad.into(connection, tenants(), at, DemoSeeder::holdDashboardRefresh).stream()
                        .map(l -> new Seeded(
                                l.tenant().name(), l.customers(), l.products(), l.orders(), l.items(), l.invoices()))
                        .toList();
                writePlatformAndLogins(connection, passwordHash.join(), at);
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
            // Fresh planner statistics, so the first queries do not plan against empty tables.
            try (Statement statement = connection.createStatement()) {
                statement.execute("ANALYZE organizations, users, customers, products, orders, order_items, invoices");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not seed the demo data", e);
        }
        Result result = new Result(seeded, Duration.ofNanos(System.nanoTime() - started));
        log.info(
                "Seeded demo data in {} ms: {}",
                result.took().toMillis(),
                String.join(", ", seeded.stream().map(Seeded::toString).toList()));
        return Optional.of(result);
    }

    private static boolean lockAndCheckEmpty(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(" + LOCK_KEY + ")");
            try (ResultSet rs = statement.executeQuery("SELECT EXISTS (SELECT 1 FROM organizations)")) {
                rs.next();
                if (rs.getBoolean(1)) {
                    log.info("Demo data not seeded: the database already has organizations");
                    return false;
                }
                return true;
            }
        }
    }

    private static void holdDashboardRefresh(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_advisory_xact_lock(" + DashboardRefresher.REFRESH_LOCK + ")");
        }
    }

    /**
     * The platform organization (operators only, no business data), then the logins in their
     * documented order, each created with its organization.
     */
    private static void writePlatformAndLogins(Connection connection, String passwordHash, Instant now)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO organizations (name, slug, currency, platform, created_at, updated_at)
                VALUES ('Brisk Platform', ?, 'EUR', true, ?, ?)
                """)) {
            insert.setString(1, PLATFORM_SLUG);
            insert.setObject(2, now.atOffset(ZoneOffset.UTC));
            insert.setObject(3, now.atOffset(ZoneOffset.UTC));
            insert.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO users (org_id, email, name, password_hash, role, created_at, updated_at)
                SELECT id, ?, ?, ?, ?, created_at, created_at FROM organizations WHERE slug = ?
                """)) {
            for (Login login : LOGINS) {
                insert.setString(1, login.email());
                insert.setString(2, login.name());
                insert.setString(3, passwordHash);
                insert.setString(4, login.role());
                insert.setString(5, login.orgSlug());
                if (insert.executeUpdate() != 1) {
                    throw new IllegalStateException("No organization " + login.orgSlug() + " for " + login.email());
                }
            }
        }
    }
}
