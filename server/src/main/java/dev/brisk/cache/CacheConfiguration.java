package dev.brisk.cache;

import dev.brisk.platform.ClusterSecrets;
import dev.brisk.monitoring.Spans;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.core.Ordered;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The engine and what plugs it into Spring: the {@code cache} health component, the response
 * cache interceptor and the per-request memo filter. Features call {@link TieredCache} directly
 * (no {@code @Cacheable}: keys need the org id and generation tokens). Spring Boot's own Redis
 * auto-configuration is excluded (application.properties), so nothing else connects to Redis.
 */
@Configuration(proxyBeanMethods = false)
class CacheConfiguration {

    @Bean(destroyMethod = "close")
    TieredCache tieredCache(CacheProperties properties, ObjectProvider<JsonMapper> mapper,
                            ObjectProvider<MeterRegistry> registry, ObjectProvider<Spans> spans,
                            ClusterSecrets secrets) {
        // Entries outlive a deployment: a field added or removed must not make them unreadable.
        JsonMapper json = mapper.getIfAvailable(() -> JsonMapper.builder().build()).rebuild()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        return new TieredCache(properties, json, registry.getIfAvailable(() -> Metrics.globalRegistry),
                spans.getIfAvailable(() -> Spans.OFF), secrets.redisMacKey());
    }

    @Bean
    WriteFence writeFence() {
        return new WriteFence();
    }

    @Bean
    Generations cacheGenerations(TieredCache cache) {
        return new Generations(cache);
    }

    @Bean
    WebMvcConfigurer responseCacheInterceptor(ResponseCache responses) {
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(responses);
            }
        };
    }

    @Bean
    CacheHealthIndicator cacheHealthIndicator(TieredCache cache) {
        return new CacheHealthIndicator(cache);
    }

    @Bean
    FilterRegistrationBean<RequestMemoFilter> requestMemoFilter(TieredCache cache) {
        FilterRegistrationBean<RequestMemoFilter> registration = new FilterRegistrationBean<>(new RequestMemoFilter(cache));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }
}
