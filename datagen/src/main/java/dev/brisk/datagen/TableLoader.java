package dev.brisk.datagen;

import static dev.brisk.datagen.DataSet.MICROS_PER_DAY;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.BitSet;
import java.util.HexFormat;
import java.util.Map;
import org.postgresql.copy.CopyManager;

/** The COPY of each table, from the rows of one {@link DataSet}; counts rows and seconds per table. */
final class TableLoader {

    /**
     * What every id of the data set is moved by, so a data set lands after rows already there (the
     * demo's tenants one after the other): organizations, customers, products, orders, items, invoices.
     */
    record Offsets(long org, long customer, long product, long order, long item, long invoice) {
        static final Offsets NONE = new Offsets(0, 0, 0, 0, 0, 0);
    }

    private final CopyManager copy;
    private final Progress progress;
    private final DataSet data;
    private final Map<String, Long> rows;
    private final Map<String, Double> seconds;
    private final Offsets ids;
    private final boolean freeze;

    /** @param freeze COPY ... FREEZE: only where the tables were truncated in this transaction */
    TableLoader(
            CopyManager copy,
            Progress progress,
            DataSet data,
            Map<String, Long> rows,
            Map<String, Double> seconds,
            Offsets ids,
            boolean freeze) {
        this.copy = copy;
        this.progress = progress;
        this.data = data;
        this.rows = rows;
        this.seconds = seconds;
        this.ids = ids;
        this.freeze = freeze;
    }

    private CsvOut begin(String table, String columns, long expected) throws SQLException {
        progress.start(table, expected);
        return new CsvOut(copy.copyIn(
                "COPY " + table + " (" + columns + ") FROM STDIN WITH (FORMAT csv" + (freeze ? ", FREEZE)" : ")")));
    }

    private void end(String table, CsvOut out) throws SQLException {
        long n = out.finish();
        progress.add(out.rows() % 1024);
        seconds.merge(table, progress.finish(), Double::sum);
        rows.merge(table, n, Long::sum);
        if (n != out.rows()) {
            throw new IllegalStateException(table + ": wrote " + out.rows() + " rows, server counted " + n);
        }
    }

    private void row(CsvOut out) throws SQLException {
        out.endRow();
        if ((out.rows() & 1023) == 0) {
            progress.add(1024);
        }
    }

    void organizations() throws SQLException {
        try (CsvOut out = begin("organizations", "id, name, slug, currency, created_at, updated_at", data.orgs)) {
            for (int o = 1; o <= data.orgs; o++) {
                long h = DataSet.mix(data.seed, 0x0A6000L + o);
                String name = Words.COMPANY_STEMS[(int) Long.remainderUnsigned(h, Words.COMPANY_STEMS.length)] + " "
                        + Words.COMPANY_KINDS[(int) Long.remainderUnsigned(h >>> 20, Words.COMPANY_KINDS.length)] + " "
                        + o;
                out.num(o)
                        .text(name)
                        .text("org-" + o)
                        .text(Words.CURRENCIES[(o - 1) % Words.CURRENCIES.length])
                        .ts(data.startMicros - MICROS_PER_DAY)
                        .ts(data.startMicros - MICROS_PER_DAY);
                row(out);
            }
            end("organizations", out);
        }
    }

    /** The one organization of a tenant's data set. */
    void organization(Tenant tenant) throws SQLException {
        try (CsvOut out = begin("organizations", "id, name, slug, currency, created_at, updated_at", 1)) {
            out.num(ids.org() + 1)
                    .text(tenant.name())
                    .text(tenant.slug())
                    .text(tenant.currency())
                    .ts(data.startMicros - MICROS_PER_DAY)
                    .ts(data.startMicros - MICROS_PER_DAY);
            row(out);
            end("organizations", out);
        }
    }

    void users(String passwordHash) throws SQLException {
        try (CsvOut out = begin(
                "users",
                "id, org_id, email, name, password_hash, role, status, created_at, updated_at",
                data.size.users())) {
            long id = 1;
            for (int o = 1; o <= data.orgs; o++) {
                for (int k = 0; k < data.size.usersPerOrg(); k++) {
                    // the first two are the logins Logins lists; the others are the org's staff
                    boolean admin = k == 0 || (k > 1 && k % 20 == 0);
                    long at = data.startMicros - MICROS_PER_DAY + id * 1000;
                    out.num(id++)
                            .num(o)
                            .text(k < 2 ? Logins.userEmail(o, admin) : "user-" + k + "@org-" + o + ".bench")
                            .text(k < 2 ? "Org " + o + (admin ? " Admin" : " Member") : "Org " + o + " User " + k)
                            .text(passwordHash)
                            .text(admin ? "ADMIN" : "MEMBER")
                            .text(k > 1 && k % 25 == 0 ? "DISABLED" : "ACTIVE")
                            .ts(at)
                            .ts(at);
                    row(out);
                }
            }
            end("users", out);
        }
    }

    /**
     * Sessions pile up as in production (every login adds one, expired ones stay until purged):
     * created over the last year, valid 12 hours, a third revoked after an hour. The token hash is
     * SHA-256 of a per-row string, so no token of a generated session is known.
     */
    void sessions() throws SQLException {
        long n = data.size.sessions();
        long users = data.size.users();
        long window = Math.min(365L, data.size.days()) * MICROS_PER_DAY - 13 * DataSet.MICROS_PER_HOUR;
        long first = data.endMicros - window - 13 * DataSet.MICROS_PER_HOUR;
        MessageDigest sha256 = sha256();
        try (CsvOut out = begin("sessions", "id, user_id, token_hash, created_at, expires_at, revoked_at", n)) {
            for (long i = 1; i <= n; i++) {
                long at = first + window / n * i;
                byte[] hash =
                        sha256.digest(("datagen-session-" + data.seed + "-" + i).getBytes(StandardCharsets.US_ASCII));
                out.num(i)
                        .num(1 + Long.remainderUnsigned(DataSet.mix(data.seed, 0x5E55000000L + i), users))
                        .text("\\x" + HexFormat.of().formatHex(hash))
                        .ts(at)
                        .ts(at + 12 * DataSet.MICROS_PER_HOUR)
                        .ts(i % 3 == 0 ? at + DataSet.MICROS_PER_HOUR : Long.MIN_VALUE);
                row(out);
            }
            end("sessions", out);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    void products() throws SQLException {
        try (CsvOut out = begin(
                "products",
                "id, org_id, sku, name, price, status, stock, created_at, updated_at, deleted_at",
                (long) data.orgs * data.productsPerOrg)) {
            for (int i = 0; i < data.orgs * data.productsPerOrg; i++) {
                Rows.Product p = Rows.product(data, i);
                out.num(ids.product() + i + 1)
                        .num(ids.org() + p.org() + 1)
                        .text(p.sku())
                        .text(p.name())
                        .num(p.price())
                        .text(p.status())
                        .num(p.stock())
                        .ts(p.createdAt())
                        .ts(p.updatedAt())
                        .ts(p.deletedAt());
                row(out);
            }
            end("products", out);
        }
    }

    /** @param ordered the customers (0-based) that have an order, from a counting pass over the orders */
    void customers(BitSet ordered) throws SQLException {
        try (CsvOut out = begin(
                "customers",
                "id, org_id, name, email, phone, company, status, created_at, updated_at, deleted_at",
                data.customers)) {
            for (int j = 0; j < data.customers; j++) {
                Rows.Customer c = Rows.customer(data, j, ordered.get(j));
                out.num(ids.customer() + j + 1)
                        .num(ids.org() + c.org() + 1)
                        .text(c.name())
                        .text(c.email())
                        .text(c.phone())
                        .text(c.company())
                        .text(c.status())
                        .ts(c.createdAt())
                        .ts(c.updatedAt())
                        .ts(c.deletedAt());
                row(out);
            }
            end("customers", out);
        }
    }

    long[][] orders(long expected) throws SQLException {
        OrderStream s = new OrderStream(data);
        try (CsvOut out = begin(
                "orders",
                "id, org_id, customer_id, number, status, total, placed_at, created_at, updated_at, deleted_at",
                expected)) {
            while (s.hasNext()) {
                s.next();
                out.num(ids.order() + s.id)
                        .num(ids.org() + s.org + 1)
                        .num(ids.customer() + s.customerId)
                        .num(s.number)
                        .text(OrderStream.ORDER_STATUSES[s.status])
                        .num(s.total)
                        .ts(s.placedAt)
                        .ts(s.createdAt)
                        .ts(s.updatedAt)
                        .ts(s.deletedAt);
                row(out);
            }
            end("orders", out);
        }
        long[][] counters = new long[data.orgs][2];
        for (int o = 0; o < data.orgs; o++) {
            counters[o][0] = s.orderCounter(o);
            counters[o][1] = s.invoiceCounter(o);
        }
        return counters;
    }

    void orderItems(long expected) throws SQLException {
        OrderStream s = new OrderStream(data);
        try (CsvOut out = begin(
                "order_items",
                "id, org_id, order_id, product_id, quantity, unit_price, created_at, updated_at, deleted_at",
                expected)) {
            while (s.hasNext()) {
                s.next();
                for (int k = 0; k < s.itemCount; k++) {
                    out.num(ids.item() + s.itemId[k])
                            .num(ids.org() + s.org + 1)
                            .num(ids.order() + s.id)
                            .num(ids.product() + s.itemProduct[k])
                            .num(s.itemQuantity[k])
                            .num(s.itemPrice[k])
                            .ts(s.createdAt)
                            .ts(s.deletedAt == DataSet.NONE ? s.createdAt : s.deletedAt)
                            .ts(s.deletedAt);
                    row(out);
                }
            }
            end("order_items", out);
        }
    }

    void invoices(long expected) throws SQLException {
        OrderStream s = new OrderStream(data);
        try (CsvOut out = begin(
                "invoices",
                "id, org_id, order_id, customer_id, number, status, amount, issued_at, due_date, "
                        + "paid_at, created_at, updated_at, deleted_at",
                expected)) {
            while (s.hasNext()) {
                s.next();
                if (!s.invoiced) {
                    continue;
                }
                out.num(ids.invoice() + s.invoiceId)
                        .num(ids.org() + s.org + 1)
                        .num(ids.order() + s.id)
                        .num(ids.customer() + s.customerId)
                        .num(s.invoiceNumber)
                        .text(OrderStream.INVOICE_STATUSES[s.invoiceStatus])
                        .num(s.total)
                        .ts(s.invoiceIssuedAt)
                        .date(s.invoiceDueDay)
                        .ts(s.invoicePaidAt)
                        .ts(s.invoiceCreatedAt)
                        .ts(s.invoiceUpdatedAt)
                        .ts(s.deletedAt);
                row(out);
            }
            end("invoices", out);
        }
    }

    void orgCounters(long[][] counters) throws SQLException {
        try (CsvOut out = begin("org_counters", "org_id, name, value", data.orgs * 2L)) {
            for (int o = 0; o < data.orgs; o++) {
                out.num(ids.org() + o + 1).text("order").num(counters[o][0]);
                row(out);
                out.num(ids.org() + o + 1).text("invoice").num(counters[o][1]);
                row(out);
            }
            end("org_counters", out);
        }
    }
}
