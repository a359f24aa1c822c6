package dev.brisk.platform;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.util.StringUtils;

/**
 * Tracing is on exactly when an OTLP endpoint is configured: {@code OTEL_EXPORTER_OTLP_TRACES_ENDPOINT},
 * {@code OTEL_EXPORTER_OTLP_ENDPOINT} (the OpenTelemetry variables; {@code /v1/traces} is appended to the
 * second), {@code management.opentelemetry.tracing.export.otlp.endpoint} or its Spring Boot 3 name
 * {@code management.otlp.tracing.endpoint}. Then every request is sampled unless
 * {@code management.tracing.sampling.probability} says otherwise, and {@code brisk.tracing.enabled=true}
 * switches Brisk's own spans on.
 *
 * <p>Off, Micrometer Tracing's and the OpenTelemetry SDK's auto-configurations are excluded altogether, so
 * the tracer is Micrometer's no-op one, the observation registry has no tracing handler and no span, MDC
 * entry or decorator is made on the request path.
 */
class TracingSwitch implements EnvironmentPostProcessor, Ordered {

    static final String ENABLED = "brisk.tracing.enabled";
    private static final String ENDPOINT = "management.opentelemetry.tracing.export.otlp.endpoint";
    private static final String SAMPLING = "management.tracing.sampling.probability";
    private static final String EXCLUDE = "spring.autoconfigure.exclude";
    /** Always excluded: Brisk exports no logs over OTLP. */
    private static final List<String> LOG_EXPORT = List.of(
            "org.springframework.boot.opentelemetry.autoconfigure.logging.OpenTelemetryLoggingAutoConfiguration",
            "org.springframework.boot.opentelemetry.autoconfigure.logging.otlp.OtlpLoggingAutoConfiguration");
    /** Excluded while tracing is off. */
    private static final List<String> TRACING = List.of(
            "org.springframework.boot.opentelemetry.autoconfigure.OpenTelemetrySdkAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.otlp.OtlpTracingAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.zipkin.ZipkinWithOpenTelemetryTracingAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
            "org.springframework.boot.micrometer.tracing.autoconfigure.prometheus.PrometheusExemplarsAutoConfiguration");

    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1; // after application.properties is loaded
    }

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        String endpoint = endpoint(env);
        boolean on = endpoint != null && env.getProperty(ENABLED, Boolean.class, true);
        Set<String> exclude =
                new LinkedHashSet<>(StringUtils.commaDelimitedListToSet(env.getProperty(EXCLUDE, "")).stream()
                        .map(String::strip)
                        .filter(s -> !s.isEmpty())
                        .toList());
        exclude.addAll(LOG_EXPORT);
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put(ENABLED, Boolean.toString(on));
        settings.put("management.tracing.export.enabled", Boolean.toString(on));
        if (on) {
            settings.put(ENDPOINT, endpoint);
            settings.put(SAMPLING, env.getProperty(SAMPLING, "1.0"));
        } else {
            exclude.addAll(TRACING);
        }
        settings.put(EXCLUDE, String.join(",", exclude));
        env.getPropertySources().addFirst(new MapPropertySource("briskTracing", settings));
    }

    /** The OTLP/HTTP traces URL, or null when none is configured. */
    static String endpoint(ConfigurableEnvironment env) {
        for (String name :
                List.of(ENDPOINT, "management.otlp.tracing.endpoint", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT")) {
            String value = env.getProperty(name);
            if (StringUtils.hasText(value)) {
                return value.strip();
            }
        }
        String base = env.getProperty("OTEL_EXPORTER_OTLP_ENDPOINT");
        if (StringUtils.hasText(base)) {
            String url = base.strip();
            return (url.endsWith("/") ? url.substring(0, url.length() - 1) : url) + "/v1/traces";
        }
        return null;
    }
}
