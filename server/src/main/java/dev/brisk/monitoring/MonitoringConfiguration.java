package dev.brisk.monitoring;

import javax.sql.DataSource;
import net.ttddyy.dsproxy.support.ProxyDataSource;
import net.ttddyy.dsproxy.support.ProxyDataSourceBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

@Configuration
class MonitoringConfiguration implements WebMvcConfigurer {

    private final RouteMonitor routes;

    MonitoringConfiguration(RouteMonitor routes) {
        this.routes = routes;
    }

    /** Wraps every DataSource (the Hikari pool) so each statement passes through {@link QueryMonitor}. */
    @Bean
    static BeanPostProcessor monitoringDataSourceWrapper(ObjectProvider<QueryMonitor> monitor) {
        return new BeanPostProcessor() {
            @Override
            public Object postProcessAfterInitialization(Object bean, String beanName) {
                if (bean instanceof DataSource dataSource && !(bean instanceof ProxyDataSource)) {
                    return ProxyDataSourceBuilder.create(dataSource)
                            .name(beanName)
                            .listener(new LazyListener(monitor))
                            .build();
                }
                return bean;
            }
        };
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(routes).order(org.springframework.core.Ordered.HIGHEST_PRECEDENCE); // names the route before a cache hit ends the request
    }

    /** Resolves the monitor on first use, so the post-processor does not pull it in early. */
    private record LazyListener(ObjectProvider<QueryMonitor> monitor) implements net.ttddyy.dsproxy.listener.QueryExecutionListener {
        @Override
        public void beforeQuery(net.ttddyy.dsproxy.ExecutionInfo info, java.util.List<net.ttddyy.dsproxy.QueryInfo> queries) {
            monitor.getObject().beforeQuery(info, queries);
        }

        @Override
        public void afterQuery(net.ttddyy.dsproxy.ExecutionInfo info, java.util.List<net.ttddyy.dsproxy.QueryInfo> queries) {
            monitor.getObject().afterQuery(info, queries);
        }
    }
}
