package dev.brisk.platform;

import java.util.Locale;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.env.MapPropertySource;

/**
 * {@code brisk.mode}: {@code optimized} (default) or {@code baseline}, the seed's "before" that the
 * load harness measures against: no cache at any tier, the dashboard computed live, a fresh
 * database connection per request, and a schema without the secondary indexes and views.
 * Baseline settings are applied here, in one place, ahead of every other property source.
 */
public enum BriskMode {
    OPTIMIZED,
    BASELINE;

    public static final String PROPERTY = "brisk.mode";

    public static BriskMode of(Environment env) {
        return valueOf(env.getProperty(PROPERTY, "optimized").strip().toUpperCase(Locale.ROOT));
    }

    static class Settings implements EnvironmentPostProcessor {
        @Override
        public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
            if (of(env) != BASELINE) {
                return;
            }
            env.getPropertySources()
                    .addFirst(new MapPropertySource(
                            "briskBaselineMode",
                            Map.of(
                                    "spring.flyway.locations", "classpath:db/migration",
                                    // a database migrated in optimized mode may be pointed at too: don't fail on its
                                    // extra versions
                                    // (V100+ are newer than every local one, so Flyway calls them "future", not
                                    // "missing")
                                    "spring.flyway.ignore-migration-patterns", "*:missing,*:future",
                                    "spring.datasource.type",
                                            "org.springframework.jdbc.datasource.SimpleDriverDataSource",
                                    "brisk.cache.enabled", "false",
                                    // no views to refresh: the dashboard is computed live
                                    "brisk.dashboard.auto-refresh", "false")));
        }
    }
}
