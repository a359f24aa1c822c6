package dev.brisk.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

class TracingSwitchTest {

    static StandardEnvironment env(Map<String, Object> properties) {
        StandardEnvironment env = new StandardEnvironment();
        env.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
        env.getPropertySources().addFirst(new MapPropertySource("test", new HashMap<>(properties)));
        new TracingSwitch().postProcessEnvironment(env, null);
        return env;
    }

    @Test
    void offWithoutAnEndpointAndTheTracingAutoConfigurationsAreExcludedNextToTheConfiguredOnes() {
        StandardEnvironment env = env(Map.of("spring.autoconfigure.exclude", "a.One, b.Two"));
        assertThat(env.getProperty("brisk.tracing.enabled")).isEqualTo("false");
        assertThat(env.getProperty("management.tracing.export.enabled")).isEqualTo("false");
        assertThat(env.getProperty("spring.autoconfigure.exclude"))
                .startsWith("a.One,b.Two,")
                .contains(
                        "MicrometerTracingAutoConfiguration",
                        "OpenTelemetryTracingAutoConfiguration",
                        "OpenTelemetrySdkAutoConfiguration",
                        "OtlpLoggingAutoConfiguration");
    }

    @Test
    void theOpenTelemetryBaseUrlGetsTheTracesPath() {
        StandardEnvironment env = env(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318/"));
        assertThat(env.getProperty("brisk.tracing.enabled")).isEqualTo("true");
        assertThat(env.getProperty("management.opentelemetry.tracing.export.otlp.endpoint"))
                .isEqualTo("http://collector:4318/v1/traces");
        assertThat(env.getProperty("management.tracing.sampling.probability")).isEqualTo("1.0");
        assertThat(env.getProperty("spring.autoconfigure.exclude"))
                .doesNotContain("MicrometerTracingAutoConfiguration")
                .contains("OtlpLoggingAutoConfiguration");
    }

    @Test
    void springPropertiesWinAndTheBoot3NameWorksAndSamplingIsKept() {
        StandardEnvironment env = env(Map.of(
                "management.otlp.tracing.endpoint",
                "http://old:4318/v1/traces",
                "OTEL_EXPORTER_OTLP_ENDPOINT",
                "http://collector:4318",
                "management.tracing.sampling.probability",
                "0.25"));
        assertThat(env.getProperty("management.opentelemetry.tracing.export.otlp.endpoint"))
                .isEqualTo("http://old:4318/v1/traces");
        assertThat(env.getProperty("management.tracing.sampling.probability")).isEqualTo("0.25");
    }

    @Test
    void canBeKeptOffDespiteAnEndpoint() {
        StandardEnvironment env =
                env(Map.of("OTEL_EXPORTER_OTLP_ENDPOINT", "http://collector:4318", "brisk.tracing.enabled", "false"));
        assertThat(env.getProperty("brisk.tracing.enabled")).isEqualTo("false");
        assertThat(env.getProperty("spring.autoconfigure.exclude")).contains("MicrometerTracingAutoConfiguration");
    }
}
