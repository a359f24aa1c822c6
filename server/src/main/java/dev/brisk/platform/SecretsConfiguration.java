package dev.brisk.platform;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
class SecretsConfiguration {

    /** Reads (or, on a new database, creates) the cluster secret once, after the migrations ran. */
    @Bean
    ClusterSecrets clusterSecrets(
            JdbcClient jdbc, PlatformProperties platform, @Value("${brisk.cache.redis.mac-key:}") String redisMacKey) {
        return new ClusterSecrets(jdbc, platform.cursorSecret(), redisMacKey);
    }
}
