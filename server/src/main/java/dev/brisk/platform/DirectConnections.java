package dev.brisk.platform;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Connections for Brisk's own bookkeeping (the change listener's LISTEN, the replica poller's probes), opened
 * outside the pool and the query monitor as the user {@code spring.datasource.*} names. The settings are read
 * on every call, so a URL set after start-up (the embedded database's) is seen.
 */
@Component
public class DirectConnections {

    private final Environment env;

    public DirectConnections(Environment env) {
        this.env = env;
    }

    /** The user and password of {@code spring.datasource.*}, for a connection or a pool of that user. */
    public Properties credentials() {
        Properties props = new Properties();
        props.setProperty("user", env.getProperty("spring.datasource.username", "postgres"));
        props.setProperty("password", env.getProperty("spring.datasource.password", ""));
        return props;
    }

    /** A new connection to the primary ({@code spring.datasource.url}). */
    public Connection primary(String applicationName, Map<String, String> settings) throws SQLException {
        String url = env.getProperty("spring.datasource.url");
        if (url == null) {
            throw new SQLException("spring.datasource.url is not set");
        }
        return open(url, applicationName, settings);
    }

    /** A new connection to {@code url}, named {@code applicationName} in pg_stat_activity, with driver settings. */
    public Connection open(String url, String applicationName, Map<String, String> settings) throws SQLException {
        Properties props = credentials();
        props.setProperty("ApplicationName", applicationName);
        settings.forEach(props::setProperty);
        return DriverManager.getConnection(url, props);
    }
}
