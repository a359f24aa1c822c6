package dev.brisk.platform;

import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.webmvc.autoconfigure.WebMvcProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Spring MVC's dispatcher, with one addition: a read ({@code GET}/{@code HEAD}) whose statement failed
 * because its connection died runs once more, on a fresh connection (the pool drops the dead one).
 * It retries here, inside authentication, because a servlet filter cannot run its chain twice (Tomcat's
 * chain would resume after its last filter, past Spring Security). Failures that remain go on to
 * {@link DatabaseFaultFilter}, which answers 503.
 */
class ReadRetryDispatcherServlet extends DispatcherServlet {

    private final Counter retries;
    private final DataSource dataSource;

    ReadRetryDispatcherServlet(MeterRegistry registry, DataSource dataSource) {
        this.dataSource = dataSource;
        this.retries = Counter.builder("brisk.db.read_retries")
                .description("Reads run once more because their connection died")
                .register(registry);
    }

    @Override
    protected void doService(HttpServletRequest request, HttpServletResponse response) throws Exception {
        try {
            super.doService(request, response);
        } catch (Exception e) {
            boolean read = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
            if (!read || response.isCommitted() || DatabaseFailure.of(e) != DatabaseFailure.CONNECTION_LOST) {
                throw e;
            }
            retries.increment();
            evictPooledConnections();
            response.resetBuffer();
            super.doService(request, response);
        }
    }

    /**
     * A connection that died (server restart, administrator command) seldom dies alone: the pool's other
     * connections are dropped too (in-use ones when returned), so the retry gets a new one.
     */
    private void evictPooledConnections() {
        try {
            if (dataSource.isWrapperFor(HikariDataSource.class)) {
                dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean().softEvictConnections();
            }
        } catch (SQLException | RuntimeException ignored) {
            // not a Hikari pool: the retry takes what the data source gives
        }
    }

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(WebMvcProperties.class)
    static class Registration {
        /**
         * Replaces Spring Boot's dispatcher (same bean name, so its registration picks this one up), with the
         * {@code spring.mvc} settings Boot applies to its own; {@code publish-request-handled-events} among
         * them, which application.properties turns off.
         */
        @Bean(name = "dispatcherServlet")
        DispatcherServlet dispatcherServlet(MeterRegistry registry, DataSource dataSource, WebMvcProperties mvc) {
            ReadRetryDispatcherServlet servlet = new ReadRetryDispatcherServlet(registry, dataSource);
            servlet.setDispatchOptionsRequest(mvc.isDispatchOptionsRequest());
            servlet.setDispatchTraceRequest(mvc.isDispatchTraceRequest());
            servlet.setPublishEvents(mvc.isPublishRequestHandledEvents());
            servlet.setEnableLoggingRequestDetails(mvc.isLogRequestDetails());
            return servlet;
        }
    }
}
