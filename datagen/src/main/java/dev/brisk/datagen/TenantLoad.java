package dev.brisk.datagen;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

/**
 * Tenants' rows written into a database that already has its schema (and maybe data): what the
 * demo seeding uses. {@link Generator} builds whole data sets; both draw rows from the same
 * {@link DataSet}, {@link OrderStream} and {@link TableLoader}.
 */
public final class TenantLoad {

    private TenantLoad() {}

    /** Runs on the load's connection, in its transaction, before the load locks any table. */
    @FunctionalInterface
    public interface BeforeLock {
        void run(Connection connection) throws SQLException;
    }

    /** What {@link #into} wrote for one tenant. */
    public record Loaded(
            Tenant tenant, long orgId, long customers, long products, long orders, long items, long invoices) {}

    /** The tables {@link #into} writes: those of the data set but the users and sessions, which stay the caller's. */
    private static final List<String> TENANT_TABLES =
            List.of("organizations", "products", "customers", "orders", "order_items", "invoices", "org_counters");

    /**
     * Writes the tenants' rows into the caller's open transaction on {@code c}, after the rows
     * already there: no migration, no truncate, indexes, foreign keys and triggers stay as they
     * are (the change triggers fire as for any insert), COPY without FREEZE. Ids are explicit,
     * after each table's largest, so the tables are locked against other writers (EXCLUSIVE:
     * readers go on) until the caller commits; the identity sequences are moved past them. Users,
     * logins and the commit are the caller's.
     *
     * @param beforeLock runs first, e.g. to take an advisory lock that whoever else locks these
     *     tables takes first, so the two cannot deadlock
     */
    public static List<Loaded> into(Connection c, List<Tenant> tenants, Instant asOf, BeforeLock beforeLock)
            throws SQLException {
        if (c.getAutoCommit()) {
            throw new IllegalStateException("load writes into the caller's transaction: turn autocommit off");
        }
        beforeLock.run(c);
        List<Loaded> loaded = new ArrayList<>();
        try (Statement st = c.createStatement();
                Progress progress = new Progress(System.err, Progress.Style.NONE)) {
            st.execute("LOCK TABLE " + String.join(", ", TENANT_TABLES) + " IN EXCLUSIVE MODE");
            long[] max = new long[6];
            try (ResultSet rs = st.executeQuery("SELECT "
                    + String.join(
                            ", ",
                            TENANT_TABLES.subList(0, 6).stream()
                                    .map(t -> "(SELECT coalesce(max(id), 0) FROM " + t + ")")
                                    .toList()))) {
                rs.next();
                for (int i = 0; i < max.length; i++) {
                    max[i] = rs.getLong(i + 1);
                }
            }
            var offsets = new TableLoader.Offsets(max[0], max[2], max[1], max[3], max[4], max[5]);
            CopyManager copy = c.unwrap(PGConnection.class).getCopyAPI();
            for (Tenant tenant : tenants) {
                DataSet data = new DataSet(tenant.size(), tenant.seed(), Generator.micros(asOf));
                Generator.Plan plan = Generator.plan(data);
                Map<String, Long> rows = new LinkedHashMap<>();
                TableLoader loader = new TableLoader(copy, progress, data, rows, new LinkedHashMap<>(), offsets, false);
                loader.organization(tenant);
                loader.products();
                loader.customers(plan.ordered());
                long[][] counters = loader.orders(tenant.orders());
                loader.orderItems(plan.items());
                loader.invoices(plan.invoices());
                loader.orgCounters(counters);
                loaded.add(new Loaded(
                        tenant,
                        offsets.org() + 1,
                        rows.get("customers"),
                        rows.get("products"),
                        rows.get("orders"),
                        rows.get("order_items"),
                        rows.get("invoices")));
                offsets = new TableLoader.Offsets(
                        offsets.org() + 1,
                        offsets.customer() + rows.get("customers"),
                        offsets.product() + rows.get("products"),
                        offsets.order() + rows.get("orders"),
                        offsets.item() + rows.get("order_items"),
                        offsets.invoice() + rows.get("invoices"));
            }
            for (String table : TENANT_TABLES.subList(0, 6)) {
                st.execute("SELECT setval(pg_get_serial_sequence('" + table
                        + "', 'id'), coalesce(max(id), 0) + 1, false) FROM " + table);
            }
        } catch (CsvOut.CopyFailed e) {
            throw (SQLException) e.getCause();
        }
        return loaded;
    }
}
