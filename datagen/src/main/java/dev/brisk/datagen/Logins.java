package dev.brisk.datagen;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.springframework.security.crypto.bcrypt.BCrypt;

/**
 * The generated logins: one ADMIN and one MEMBER per organization, and the platform operator (#11)
 * that monitoring needs (an org ADMIN gets 403 there), all with password {@link #PASSWORD}.
 */
public final class Logins {

    public static final String PASSWORD = "brisk-bench";

    /** The platform operator (#11): reads /api/monitoring and clears caches. */
    public static final String OPERATOR_EMAIL = "operator@brisk.bench";

    /** The platform organization and its operator, which monitoring needs (an org ADMIN gets 403 there). */
    static void addOperator(Connection c, String passwordHash) throws SQLException {
        try (var st = c.createStatement()) {
            st.execute("""
                    INSERT INTO organizations (id, name, slug, currency, platform, created_at, updated_at) OVERRIDING SYSTEM VALUE
                    SELECT max(id) + 1, 'Brisk Platform', 'brisk-platform', 'EUR', true, min(created_at), min(created_at)
                    FROM organizations
                    ON CONFLICT DO NOTHING""");
        }
        try (var insert = c.prepareStatement("""
                INSERT INTO users (id, org_id, email, name, password_hash, role, created_at, updated_at) OVERRIDING SYSTEM VALUE
                SELECT (SELECT max(id) + 1 FROM users), id, ?, 'Bench Operator', ?, 'OPERATOR', created_at, created_at
                FROM organizations WHERE platform
                ON CONFLICT (email) DO NOTHING""")) {
            insert.setString(1, OPERATOR_EMAIL);
            insert.setString(2, passwordHash);
            insert.executeUpdate();
        }
    }

    public static String userEmail(int org, boolean admin) {
        return (admin ? "admin" : "member") + "@org-" + org + ".bench";
    }

    /** Every login of a data set with {@code orgs} organizations. */
    public static List<String> all(int orgs) {
        List<String> logins = new ArrayList<>();
        for (int o = 1; o <= orgs; o++) {
            logins.add(userEmail(o, true));
            logins.add(userEmail(o, false));
        }
        logins.add(OPERATOR_EMAIL);
        return logins;
    }

    /** One bcrypt hash (cost 10) for every bench user, salted from the seed so reruns are identical. */
    static String bcryptHash(long seed) {
        try {
            SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
            random.setSeed(seed ^ 0xB0C5L);
            return "{bcrypt}" + BCrypt.hashpw(PASSWORD, BCrypt.gensalt(10, random));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Logins() {}
}
