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
            Tenant tenant, long orgId, long customers, long products, long orders, long items, long invoices) {

        /** The offsets of the next tenant: after this one's rows. */
        TableLoader.Offsets after(TableLoader.Offsets ids) {
            return new TableLoader.Offsets(
                    ids.org() + 1,
                    ids.customer() + customers,
                    ids.product() + products,
                    ids.order() + orders,
                    ids.item() + items,
                    ids.invoice() + invoices);
        }
    }

    /** The tables with an id {@link #into} writes, in the order of {@link TableLoader.Offsets}' components. */
    private static final List<String> ID_TABLES =
            List.of("organizations", "customers", "products", "orders", "order_items", "invoices");

    /** The largest id of each of {@link #ID_TABLES}, in that order. */
    private static final String LAST_IDS = "SELECT "
            + String.join(
                    ", ",
                    ID_TABLES.stream()
                            .map(t -> "(SELECT coalesce(max(id), 0) FROM " + t + ")")
                            .toList());

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
            st.execute("LOCK TABLE " + String.join(", ", ID_TABLES) + ", org_counters IN EXCLUSIVE MODE");
            TableLoader.Offsets offsets;
            try (ResultSet rs = st.executeQuery(LAST_IDS)) {
                rs.next();
                offsets = new TableLoader.Offsets(
                        rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6));
            }
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
                Loaded tenantRows = new Loaded(
                        tenant,
                        offsets.org() + 1,
                        rows.get("customers"),
                        rows.get("products"),
                        rows.get("orders"),
                        rows.get("order_items"),
                        rows.get("invoices"));
                loaded.add(tenantRows);
                offsets = tenantRows.after(offsets);
            }
            for (String table : ID_TABLES) {
                st.execute("SELECT setval(pg_get_serial_sequence('" + table
                        + "', 'id'), coalesce(max(id), 0) + 1, false) FROM " + table);
            }
        } catch (CsvOut.CopyFailed e) {
            throw (SQLException) e.getCause();
        }
        return loaded;
    }
}
