package dev.brisk.platform.replica;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.brisk.platform.DirectConnections;
import dev.brisk.platform.MonitoredDataSource;
import dev.brisk.platform.StatementListener;
import dev.brisk.platform.WebRegistrations;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Read replicas ({@code brisk.replicas.urls}): a pool per replica, monitored like the primary's, the
 * routing JdbcTemplate every repository uses through JdbcClient, the read scope of GET requests, the
 * write tracker, the poller and the {@code replicas} health component. Without replicas the routing
 * answers "primary" at once and nothing else runs.
 */
@Configuration
class ReplicaConfiguration {

    @Bean(destroyMethod = "close")
    ReadRouting readRouting(
            ReplicaProperties properties,
            Environment env,
            DirectConnections direct,
            ObjectProvider<StatementListener> listeners,
            ObjectProvider<MeterRegistry> registry) {
        List<Replica> replicas = new ArrayList<>();
        for (int i = 0; i < properties.urls().size(); i++) {
            String url = properties.urls().get(i);
            String name = "replica-" + (i + 1);
            HikariDataSource pool = pool(name, url, properties, env, direct.credentials());
            DataSource monitored = MonitoredDataSource.wrap(pool, listeners);
            replicas.add(new Replica(name, redacted(url), url, pool, new JdbcTemplate(monitored)));
        }
        return new ReadRouting(
                replicas,
                properties,
                registry.getIfAvailable(io.micrometer.core.instrument.simple.SimpleMeterRegistry::new));
    }

    @Bean
    JdbcTemplate jdbcTemplate(DataSource dataSource, ReadRouting routing) {
        return new RoutingJdbcTemplate(dataSource, routing);
    }

    @Bean
    FilterRegistrationBean<ReadScopeFilter> readScopeFilter(ReadRouting routing) {
        return WebRegistrations.filter(new ReadScopeFilter(routing), Ordered.HIGHEST_PRECEDENCE + 4);
    }

    @Bean
    WebMvcConfigurer replicaWriteTracker(ReadRouting routing, DataSource dataSource) {
        WriteTracker tracker = new WriteTracker(routing, new JdbcTemplate(unmonitored(dataSource)));
        return WebRegistrations.interceptor(tracker);
    }

    @Bean
    ReplicaPoller replicaPoller(ReadRouting routing, ReplicaProperties properties, DirectConnections direct) {
        return new ReplicaPoller(routing, properties, direct);
    }

    @Bean
    ReplicaHealthIndicator replicasHealthIndicator(ReadRouting routing, ReplicaProperties properties) {
        return new ReplicaHealthIndicator(routing, properties);
    }

    /**
     * The pool under the query monitor's proxy: the WAL position a write ends with is Brisk's bookkeeping,
     * not one of the request's statements (it would count against the endpoint's query budget).
     */
    private static DataSource unmonitored(DataSource dataSource) {
        try {
            return dataSource.isWrapperFor(HikariDataSource.class)
                    ? dataSource.unwrap(HikariDataSource.class)
                    : dataSource;
        } catch (java.sql.SQLException e) {
            return dataSource;
        }
    }

    private static HikariDataSource pool(
            String name, String url, ReplicaProperties properties, Environment env, Properties credentials) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("brisk-" + name);
        config.setJdbcUrl(url);
        config.setDataSourceProperties(credentials);
        config.setMaximumPoolSize(properties.poolSize());
        config.setMinimumIdle(Math.min(2, properties.poolSize()));
        config.setConnectionTimeout(Math.max(250, properties.connectTimeout().toMillis()));
        config.setValidationTimeout(Math.max(250, properties.connectTimeout().toMillis()));
        config.setInitializationFailTimeout(-1); // a replica that is down at start must not stop the node
        config.setReadOnly(true);
        config.addDataSourceProperty("connectTimeout", "1");
        // the primary pool's statement settings (application.properties), so plans match
        config.addDataSourceProperty(
                "prepareThreshold",
                env.getProperty("spring.datasource.hikari.data-source-properties.prepareThreshold", "1"));
        String options = env.getProperty("spring.datasource.hikari.data-source-properties.options");
        if (options != null) {
            config.addDataSourceProperty("options", options);
        }
        return new HikariDataSource(config);
    }

    /** The URL without its query string, which may carry a password. */
    private static String redacted(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }
}
