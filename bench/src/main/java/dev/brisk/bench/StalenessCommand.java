package dev.brisk.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Dashboard staleness, by hand: commits one PAID order at a time in a probe organization of its
 * own and polls {@code get_dashboard_summary} until the order shows, while whatever load the
 * operator runs goes on. Needs a Brisk node (its refresher) on the same database.
 */
@Command(
        name = "staleness",
        mixinStandardHelpOptions = true,
        description = "Time from a committed order to a dashboard that includes it (p50/p99/max).")
public final class StalenessCommand implements Callable<Integer> {

    @Mixin
    DatabaseLogin login = new DatabaseLogin();

    @Option(
            names = "--jdbc-url",
            defaultValue = "jdbc:postgresql://localhost:5432/brisk_bench",
            description = "database of the running Brisk (default ${DEFAULT-VALUE})")
    String jdbcUrl;

    @Option(
            names = "--samples",
            defaultValue = "100",
            description = "committed orders to time (default ${DEFAULT-VALUE})")
    int samples;

    @Option(names = "--timeout-ms", defaultValue = "30000", description = "give up on one sample after this long")
    long timeoutMs;

    @Override
    public Integer call() throws SQLException, InterruptedException {
        try (Connection writer =
                        DriverManager.getConnection(jdbcUrl, login.user, login.password == null ? "" : login.password);
                Connection reader = DriverManager.getConnection(
                        jdbcUrl, login.user, login.password == null ? "" : login.password)) {
            long[] probe = probe(writer);
            long org = probe[0];
            long customer = probe[1];
            double[] ms = new double[samples];
            try (PreparedStatement insert = writer.prepareStatement("""
                         INSERT INTO orders (org_id, customer_id, number, status, total, placed_at)
                         VALUES (?, ?, (SELECT coalesce(max(number), 0) + 1 FROM orders WHERE org_id = ?), 'PAID', 1, now())
                         """);
                    PreparedStatement read = reader.prepareStatement(
                            "SELECT (get_dashboard_summary(?) #>> '{revenue,paidOrders30Days}')::bigint")) {
                read.setLong(1, org);
                for (int i = 0; i < samples; i++) {
                    long before = count(read);
                    insert.setLong(1, org);
                    insert.setLong(2, customer);
                    insert.setLong(3, org);
                    insert.executeUpdate(); // autocommit: committed when this returns
                    long committed = System.nanoTime();
                    while (count(read) <= before) {
                        if (System.nanoTime() - committed > timeoutMs * 1_000_000) {
                            throw new IllegalStateException(
                                    "sample " + i + ": not on the dashboard after " + timeoutMs + " ms");
                        }
                        Thread.sleep(5);
                    }
                    ms[i] = (System.nanoTime() - committed) / 1e6;
                    Thread.sleep(
                            ThreadLocalRandom.current().nextInt(50, 400)); // commits at random phases of the refresher
                }
            }
            Arrays.sort(ms);
            System.out.printf(
                    "staleness over %d commits: p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, max %.0f ms%n",
                    samples, at(ms, 0.50), at(ms, 0.90), at(ms, 0.99), ms[ms.length - 1]);
            return 0;
        }
    }

    /** The probe organization and its customer, made once. */
    private static long[] probe(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("""
                    INSERT INTO organizations (name, slug, currency) VALUES ('Staleness probe', 'staleness-probe', 'EUR')
                    ON CONFLICT (slug) DO NOTHING
                    """);
            try (ResultSet rs = s.executeQuery("SELECT id FROM organizations WHERE slug = 'staleness-probe'")) {
                rs.next();
                long org = rs.getLong(1);
                s.execute("INSERT INTO customers (org_id, name) SELECT " + org + ", 'Probe' WHERE NOT EXISTS "
                        + "(SELECT 1 FROM customers WHERE org_id = " + org + ")");
                try (ResultSet c2 = s.executeQuery("SELECT min(id) FROM customers WHERE org_id = " + org)) {
                    c2.next();
                    return new long[] {org, c2.getLong(1)};
                }
            }
        }
    }

    private static long count(PreparedStatement read) throws SQLException {
        try (ResultSet rs = read.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double at(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
