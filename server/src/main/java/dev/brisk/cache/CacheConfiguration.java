package dev.brisk.cache;

import dev.brisk.monitoring.Spans;
import dev.brisk.platform.ClusterSecrets;
import dev.brisk.platform.WebRegistrations;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import jakarta.servlet.Filter;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.security.autoconfigure.web.servlet.SecurityFilterProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The engine and what plugs it into Spring: the {@code cache} health component, the response
 * cache interceptor, the early-hits filter and the per-request memo filter. Features call {@link TieredCache} directly
 * (no {@code @Cacheable}: keys need the org id and generation tokens). Spring Boot's own Redis
 * auto-configuration is excluded (application.properties), so nothing else connects to Redis.
 */
@Configuration(proxyBeanMethods = false)
class CacheConfiguration {

    @Bean(destroyMethod = "close")
    TieredCache tieredCache(
            CacheProperties properties,
            ObjectProvider<JsonMapper> mapper,
            ObjectProvider<MeterRegistry> registry,
            ObjectProvider<Spans> spans,
            ClusterSecrets secrets) {
        // Entries outlive a deployment: a field added or removed must not make them unreadable.
        JsonMapper json = mapper.getIfAvailable(() -> JsonMapper.builder().build())
                .rebuild()
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        return new TieredCache(
                properties,
                json,
                registry.getIfAvailable(() -> Metrics.globalRegistry),
                spans.getIfAvailable(() -> Spans.OFF),
                secrets.redisMacKey());
    }

    @Bean
    ChangeClock changeClock() {
        return new ChangeClock();
    }

    @Bean
    WriteFence writeFence(ChangeClock clock) {
        return new WriteFence(clock);
    }

    @Bean
    ReadYourWrites readYourWrites(FreshnessProperties freshness) {
        return new ReadYourWrites(freshness.readYourWritesWait().toMillis());
    }

    /** Learns each write's change number from the statement's notice (V20); a listener of the pool's proxy. */
    @Bean
    ChangeNumbers changeNumbers() {
        return new ChangeNumbers();
    }

    @Bean
    Generations cacheGenerations(TieredCache cache) {
        return new Generations(cache);
    }

    @Bean
    WebMvcConfigurer responseCacheInterceptor(ResponseCache responses) {
        return WebRegistrations.interceptor(responses);
    }

    @Bean
    CacheHealthIndicator cacheHealthIndicator(TieredCache cache, Generations generations) {
        return new CacheHealthIndicator(cache, generations);
    }

    /**
     * Just before Spring Security's chain, wherever {@code spring.security.filter.order} puts it:
     * the early answer uses that chain's own parts (cache.EarlyHits).
     */
    @Bean
    FilterRegistrationBean<Filter> earlyHitsFilter(EarlyHits earlyHits, SecurityFilterProperties security) {
        return WebRegistrations.filter(earlyHits.filter(), security.getOrder() - 1);
    }

    @Bean
    FilterRegistrationBean<RequestMemoFilter> requestMemoFilter(TieredCache cache) {
        return WebRegistrations.filter(new RequestMemoFilter(cache), Ordered.HIGHEST_PRECEDENCE + 5);
    }
}
