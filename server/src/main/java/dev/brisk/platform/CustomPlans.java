package dev.brisk.platform;

import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGStatement;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Statements planned with their values on every execution: the lists, whose searches and
 * selective filters need a plan made for the values (docs/db-indexes.md, "Generic plans").
 *
 * <p>Every other statement is prepared on the server from its first run ({@code prepareThreshold=1})
 * and may move to PostgreSQL's generic plan after five runs, which is what a primary-key lookup
 * wants: no planning at all. The statements run through {@link #jdbc()} are sent as unnamed
 * statements instead (prepare threshold 0 on the statement), which PostgreSQL plans at each bind
 * with the parameter values, as {@code plan_cache_mode=force_custom_plan} would, without a
 * {@code SET} round trip and without forcing it on every other statement of the connection.
 */
@Component
public class CustomPlans {

    private final JdbcClient jdbc;

    public CustomPlans(DataSource dataSource) {
        JdbcTemplate template = new JdbcTemplate(dataSource) {
            @Override
            protected void applyStatementSettings(Statement statement) throws SQLException {
                super.applyStatementSettings(statement);
                apply(statement);
            }
        };
        this.jdbc = JdbcClient.create(template);
    }

    /** A client whose statements are planned with their values every time. */
    public JdbcClient jdbc() {
        return jdbc;
    }

    /** Makes this PostgreSQL statement unnamed (never server-prepared), so each execution gets a custom plan. */
    public static void apply(Statement statement) throws SQLException {
        statement.unwrap(PGStatement.class).setPrepareThreshold(0);
    }
}
