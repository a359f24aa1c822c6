package dev.brisk.monitoring;

import dev.brisk.platform.MonitoredDataSource;
import dev.brisk.platform.StatementListener;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration
class MonitoringConfiguration implements WebMvcConfigurer {

    private final RouteMonitor routes;

    MonitoringConfiguration(RouteMonitor routes) {
        this.routes = routes;
    }

    /**
     * Wraps every DataSource (the Hikari pool) so each statement passes through {@link QueryMonitor}
     * and any other {@link StatementListener} bean (tests register one to see the statements).
     */
    @Bean
    static BeanPostProcessor monitoringDataSourceWrapper(ObjectProvider<StatementListener> listeners) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof DataSource dataSource && !(bean instanceof MonitoredDataSource)) {
                    return MonitoredDataSource.wrap(dataSource, listeners);
                }
                return bean;
            }
        };
    }

    /**
     * No Spring Security observations: with them every filter of the security chain is wrapped in
     * an observation decorator that starts and stops an observation per filter per request (13 % of
     * a cached hit's samples in docs/profiles/before-hit.md). Requests are observed once, outside
     * the chain (http.server.requests, RequestMonitorFilter).
     */
    @Bean
    static SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(routes)
                .order(
                        org.springframework.core.Ordered
                                .HIGHEST_PRECEDENCE); // names the route before a cache hit ends the request
    }
}
