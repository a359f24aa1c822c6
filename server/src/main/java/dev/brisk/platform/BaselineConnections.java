package dev.brisk.platform;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Baseline mode's connection handling, the seed's "new client per request": no pool; each HTTP
 * request opens its own physical connection on first use, reuses it for all its statements, and
 * closes it when the request ends. Outside a request every use opens and closes a connection.
 */
@Configuration
@ConditionalOnProperty(name = BriskMode.PROPERTY, havingValue = "baseline")
class BaselineConnections {

    private static final ThreadLocal<SingleConnectionDataSource[]> REQUEST = new ThreadLocal<>();

    @Bean
    static BeanPostProcessor perRequestConnections() {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                return bean instanceof DataSource ds && !(bean instanceof PerRequest) ? new PerRequest(ds) : bean;
            }
        };
    }

    @Bean
    RequestFilter perRequestConnectionFilter() {
        return new ConnectionPerRequestFilter();
    }

    @Order(Ordered.HIGHEST_PRECEDENCE + 1)
    static final class ConnectionPerRequestFilter extends RequestFilter {
        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            SingleConnectionDataSource[] slot = new SingleConnectionDataSource[1];
            REQUEST.set(slot);
            try {
                chain.doFilter(request, response);
            } finally {
                REQUEST.remove();
                if (slot[0] != null) {
                    slot[0].destroy();
                }
            }
        }
    }

    static final class PerRequest extends DelegatingDataSource {
        PerRequest(DataSource target) {
            super(target);
        }

        @Override
        public Connection getConnection() throws SQLException {
            SingleConnectionDataSource[] slot = REQUEST.get();
            if (slot == null) {
                return super.getConnection();
            }
            if (slot[0] == null) {
                slot[0] = new SingleConnectionDataSource(super.getConnection(), true);
            }
            return slot[0].getConnection();
        }
    }
}
