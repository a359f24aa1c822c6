package dev.brisk.demo;

import java.io.IOException;
import java.io.StringReader;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;

/**
 * Writes the demo data into a database that has no organizations yet: two organizations, three
 * logins and, per organization, the rows {@link DemoData} makes, loaded with PostgreSQL COPY in one
 * transaction on one connection. A second node starting at the same moment waits on an advisory
 * lock and then finds the organizations there, so the data is seeded once.
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

    record Org(String name, String slug, String currency, DemoData.Sizes sizes, long seed) {}

    /** What was written for one organization. */
    record Seeded(String org, int customers, int products, int orders, int items, int invoices) {

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

    List<Org> orgs() {
        return List.of(
                new Org("Demo Co", "demo-co", "EUR", properties.demoCo(), properties.randomSeed()),
                new Org("Other Ltd", "other-ltd", "USD", properties.otherLtd(), properties.randomSeed() + 1));
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
        List<Seeded> seeded = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                if (!lockAndCheckEmpty(connection)) {
                    connection.rollback();
                    return Optional.empty();
                }
                // bcrypt is the slowest step (0.1-1 s on a busy machine): hash once, while the data is made.
                // The three demo users share the hash of the published demo password; nothing is lost by that.
                CompletableFuture<String> passwordHash =
                        CompletableFuture.supplyAsync(() -> passwordEncoder.encode(PASSWORD));
                CopyManager copy = connection.unwrap(PGConnection.class).getCopyAPI();
                List<Org> orgs = orgs();
                List<DemoData.Dataset> data = orgs.stream()
                        .map(org -> DemoData.generate(org.sizes(), org.seed(), at))
                        .toList();
                for (int i = 0; i < orgs.size(); i++) {
                    seeded.add(write(connection, copy, orgs.get(i), data.get(i), passwordHash.join(), at));
                }
                writePlatform(connection, passwordHash.join(), at);
                connection.commit();
            } catch (SQLException | IOException | RuntimeException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
            // Fresh planner statistics, so the first queries do not plan against empty tables.
            try (Statement statement = connection.createStatement()) {
                statement.execute("ANALYZE organizations, users, customers, products, orders, order_items, invoices");
            }
        } catch (SQLException | IOException e) {
            throw new IllegalStateException("Could not seed the demo data", e);
        }
        Result result = new Result(List.copyOf(seeded), Duration.ofNanos(System.nanoTime() - started));
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

    /*
     * Ids. Every table's id is GENERATED ALWAYS AS IDENTITY, so COPY leaves the id column out and
     * PostgreSQL numbers the rows from the table's own sequence, row after row in input order. The
     * ids are then read back with "WHERE org_id = ? ORDER BY id": the organization was created in
     * this transaction, so no other session can see it, let alone add rows to it, and ids handed
     * out to one COPY only ever increase. So the k-th id is the k-th row written, gaps from other
     * sessions' inserts included. The alternative (explicit ids, then setval) would need to guess
     * free ids and to lock every table against concurrent inserts until the sequences are moved.
     */
    private Seeded write(
            Connection connection, CopyManager copy, Org org, DemoData.Dataset data, String passwordHash, Instant now)
            throws SQLException, IOException {
        Instant orgCreated = now.minus(2 * DemoData.ORDER_DAYS + 10, ChronoUnit.DAYS);
        long orgId;
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO organizations (name, slug, currency, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?) RETURNING id
                """)) {
            insert.setString(1, org.name());
            insert.setString(2, org.slug());
            insert.setString(3, org.currency());
            insert.setObject(4, orgCreated.atOffset(ZoneOffset.UTC));
            insert.setObject(5, orgCreated.atOffset(ZoneOffset.UTC));
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                orgId = rs.getLong(1);
            }
        }
        insertUsers(connection, org, orgId, passwordHash, orgCreated);

        Csv customers = new Csv();
        for (DemoData.Customer c : data.customers()) {
            customers.row(
                    orgId,
                    c.name(),
                    c.email(),
                    c.phone(),
                    c.company(),
                    c.status(),
                    c.createdAt(),
                    c.updatedAt(),
                    c.deletedAt());
        }
        copy.copyIn(
                "COPY customers (org_id, name, email, phone, company, status, created_at, updated_at, deleted_at) "
                        + "FROM STDIN (FORMAT csv)",
                customers.reader());
        long[] customerIds =
                ids(connection, "customers", orgId, data.customers().size());

        Csv products = new Csv();
        for (DemoData.Product p : data.products()) {
            products.row(
                    orgId,
                    p.sku(),
                    p.name(),
                    p.price(),
                    p.status(),
                    p.stock(),
                    p.createdAt(),
                    p.updatedAt(),
                    p.deletedAt());
        }
        copy.copyIn(
                "COPY products (org_id, sku, name, price, status, stock, created_at, updated_at, deleted_at) "
                        + "FROM STDIN (FORMAT csv)",
                products.reader());
        long[] productIds = ids(connection, "products", orgId, data.products().size());

        Csv orders = new Csv();
        for (DemoData.Order o : data.orders()) {
            orders.row(
                    orgId,
                    customerIds[o.customer()],
                    o.number(),
                    o.status(),
                    o.total(),
                    o.placedAt(),
                    o.createdAt(),
                    o.updatedAt(),
                    o.deletedAt());
        }
        copy.copyIn(
                "COPY orders (org_id, customer_id, number, status, total, placed_at, created_at, updated_at, deleted_at) "
                        + "FROM STDIN (FORMAT csv)",
                orders.reader());
        long[] orderIds = ids(connection, "orders", orgId, data.orders().size());

        Csv items = new Csv();
        for (int i = 0; i < data.orders().size(); i++) {
            DemoData.Order o = data.orders().get(i);
            for (DemoData.Item item : o.items()) {
                items.row(
                        orgId,
                        orderIds[i],
                        productIds[item.product()],
                        item.quantity(),
                        item.unitPrice(),
                        o.createdAt(),
                        o.createdAt(),
                        o.deletedAt());
            }
        }
        copy.copyIn(
                "COPY order_items (org_id, order_id, product_id, quantity, unit_price, created_at, updated_at, deleted_at) "
                        + "FROM STDIN (FORMAT csv)",
                items.reader());

        Csv invoices = new Csv();
        for (DemoData.Invoice inv : data.invoices()) {
            DemoData.Order o = data.orders().get(inv.order());
            invoices.row(
                    orgId,
                    orderIds[inv.order()],
                    customerIds[o.customer()],
                    inv.number(),
                    inv.status(),
                    inv.amount(),
                    inv.issuedAt(),
                    inv.dueDate(),
                    inv.paidAt(),
                    inv.createdAt(),
                    inv.updatedAt(),
                    inv.deletedAt());
        }
        copy.copyIn(
                "COPY invoices (org_id, order_id, customer_id, number, status, amount, issued_at, due_date, paid_at, "
                        + "created_at, updated_at, deleted_at) FROM STDIN (FORMAT csv)",
                invoices.reader());

        // Numbers run 1..n in creation order, so the counters continue from the count.
        try (PreparedStatement counters = connection.prepareStatement(
                "INSERT INTO org_counters (org_id, name, value) VALUES (?, 'order', ?), (?, 'invoice', ?)")) {
            counters.setLong(1, orgId);
            counters.setLong(2, data.orders().size());
            counters.setLong(3, orgId);
            counters.setLong(4, data.invoices().size());
            counters.executeUpdate();
        }
        return new Seeded(
                org.name(),
                data.customers().size(),
                data.products().size(),
                data.orders().size(),
                data.items(),
                data.invoices().size());
    }

    /** The platform organization and its operator, who runs monitoring and reads no tenant's data. */
    private static void writePlatform(Connection connection, String passwordHash, Instant now) throws SQLException {
        long orgId;
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO organizations (name, slug, currency, platform) VALUES ('Brisk Platform', ?, 'EUR', true)
                RETURNING id
                """)) {
            insert.setString(1, PLATFORM_SLUG);
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                orgId = rs.getLong(1);
            }
        }
        insertUsers(connection, new Org("Brisk Platform", PLATFORM_SLUG, "EUR", null, 0), orgId, passwordHash, now);
    }

    private static void insertUsers(Connection connection, Org org, long orgId, String passwordHash, Instant created)
            throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                INSERT INTO users (org_id, email, name, password_hash, role, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """)) {
            for (Login login : LOGINS) {
                if (login.orgSlug().equals(org.slug())) {
                    insert.setLong(1, orgId);
                    insert.setString(2, login.email());
                    insert.setString(3, login.name());
                    insert.setString(4, passwordHash);
                    insert.setString(5, login.role());
                    insert.setObject(6, created.atOffset(ZoneOffset.UTC));
                    insert.setObject(7, created.atOffset(ZoneOffset.UTC));
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    private static long[] ids(Connection connection, String table, long orgId, int expected) throws SQLException {
        long[] ids = new long[expected];
        int n = 0;
        try (PreparedStatement select =
                connection.prepareStatement("SELECT id FROM " + table + " WHERE org_id = ? ORDER BY id")) {
            select.setLong(1, orgId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    if (n == expected) {
                        throw new IllegalStateException("More " + table + " rows than written for org " + orgId);
                    }
                    ids[n++] = rs.getLong(1);
                }
            }
        }
        if (n != expected) {
            throw new IllegalStateException(
                    "Wrote " + expected + " " + table + " rows for org " + orgId + " but read back " + n);
        }
        return ids;
    }

    /** COPY's CSV: strings always quoted (so "" is an empty string), null as an empty field. */
    static final class Csv {

        private final StringBuilder text = new StringBuilder(1 << 16);

        Csv row(Object... values) {
            for (int i = 0; i < values.length; i++) {
                if (i > 0) {
                    text.append(',');
                }
                Object value = values[i];
                switch (value) {
                    case null -> {}
                    case String s ->
                        text.append('"').append(s.replace("\"", "\"\"")).append('"');
                    case Enum<?> e -> text.append(e.name());
                    case Number number -> text.append(number);
                    case Instant instant -> text.append(instant); // ISO-8601 in UTC, e.g. 2025-03-01T10:15:30Z
                    case LocalDate date -> text.append(date);
                    default -> throw new IllegalArgumentException("No CSV form for " + value.getClass());
                }
            }
            text.append('\n');
            return this;
        }

        String text() {
            return text.toString();
        }

        StringReader reader() {
            return new StringReader(text.toString());
        }
    }
}
