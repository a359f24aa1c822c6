package dev.brisk.stalecheck;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The checker's own organization, made over JDBC in the nodes' database: two writers (ADMIN), the
 * readers and a prober (MEMBER), and customers owned by each writer. A fresh slug per run, so runs
 * never see each other's data and any Brisk database (generated, test) will do.
 *
 * @param customers per writer (API writer A, API writer B, plain SQL): the customers only it writes
 */
record Probe(long org, List<String> writerEmails, List<String> readerEmails, String proberEmail, long[][] customers) {

    static final String PASSWORD = "stale-check";
    static final int READERS = 3;
    static final int CUSTOMERS_PER_WRITER = 5;

    static Probe create(CheckConfig config) throws SQLException {
        String tag = Long.toString(System.currentTimeMillis(), 36);
        String slug = "stale-check-" + tag;
        String hash = "{bcrypt}" + BCrypt.hashpw(PASSWORD, BCrypt.gensalt(4)); // cost 4: login speed, not secrecy
        try (Connection c = connect(config)) {
            long org;
            try (PreparedStatement s = c.prepareStatement(
                    "INSERT INTO organizations (name, slug, currency) VALUES (?, ?, 'EUR') RETURNING id")) {
                s.setString(1, "Stale-read check " + tag);
                s.setString(2, slug);
                org = single(s);
            }
            List<String> writers = new ArrayList<>();
            List<String> readers = new ArrayList<>();
            for (int i = 1; i <= 2; i++) {
                writers.add(user(c, org, "writer" + i + "@" + slug + ".check", "ADMIN", hash));
            }
            for (int i = 1; i <= READERS; i++) {
                readers.add(user(c, org, "reader" + i + "@" + slug + ".check", "MEMBER", hash));
            }
            String prober = user(c, org, "prober@" + slug + ".check", "MEMBER", hash);
            long[][] customers = new long[3][CUSTOMERS_PER_WRITER];
            try (PreparedStatement s =
                    c.prepareStatement("INSERT INTO customers (org_id, name) VALUES (?, '0') RETURNING id")) {
                s.setLong(1, org);
                for (long[] set : customers) {
                    for (int i = 0; i < set.length; i++) {
                        set[i] = single(s);
                    }
                }
            }
            return new Probe(org, writers, readers, prober, customers);
        }
    }

    static Connection connect(CheckConfig config) throws SQLException {
        return DriverManager.getConnection(config.jdbcUrl(), config.dbUser(), config.dbPassword());
    }

    private static String user(Connection c, long org, String email, String role, String hash) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO users (org_id, email, name, password_hash, role) VALUES (?, ?, ?, ?, ?)")) {
            s.setLong(1, org);
            s.setString(2, email);
            s.setString(3, email.substring(0, email.indexOf('@')));
            s.setString(4, hash);
            s.setString(5, role);
            s.executeUpdate();
        }
        return email;
    }

    private static long single(PreparedStatement s) throws SQLException {
        try (ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
