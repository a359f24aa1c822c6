package dev.brisk.monitoring;

import java.util.List;
import javax.sql.DataSource;
import net.ttddyy.dsproxy.ExecutionInfo;
import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.listener.QueryExecutionListener;
import net.ttddyy.dsproxy.support.ProxyDataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
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
     * and any other {@link QueryExecutionListener} bean (tests register one to see the statements).
     */
    @Bean
    static BeanPostProcessor monitoringDataSourceWrapper(ObjectProvider<QueryExecutionListener> listeners) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof DataSource dataSource && !(bean instanceof ProxyDataSource)) {
                    return ProxyDataSourceBuilder.create(dataSource)
                            .name(beanName)
                            .listener(new LazyListeners(listeners))
                            .build();
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
        registry.addInterceptor(routes).order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE); // names the route before a cache hit ends the request
    }

    /**
     * Resolves the listener beans on first use, so the post-processor does not pull them in early;
     * bean definitions are all known by then, so the list is final.
     */
    private static final class LazyListeners implements QueryExecutionListener {
        private final ObjectProvider<QueryExecutionListener> provider;
        private volatile List<QueryExecutionListener> listeners;

        LazyListeners(ObjectProvider<QueryExecutionListener> provider) {
            this.provider = provider;
        }

        private List<QueryExecutionListener> listeners() {
            List<QueryExecutionListener> resolved = listeners;
            if (resolved == null) {
                resolved = provider.orderedStream().toList();
                listeners = resolved;
            }
            return resolved;
        }

        @Override
        public void beforeQuery(ExecutionInfo info, List<QueryInfo> queries) {
            for (QueryExecutionListener listener : listeners()) {
                listener.beforeQuery(info, queries);
            }
        }

        @Override
        public void afterQuery(ExecutionInfo info, List<QueryInfo> queries) {
            for (QueryExecutionListener listener : listeners()) {
                listener.afterQuery(info, queries);
            }
        }
    }
}
