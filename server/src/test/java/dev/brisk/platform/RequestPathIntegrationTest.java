package dev.brisk.platform;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.support.Api;
import dev.brisk.support.BriskIntegrationTest;
import dev.brisk.support.Fixtures;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.context.support.ServletRequestHandledEvent;

/**
 * What the leaner request path (issue 14) must keep: Brisk's filters without OncePerRequestFilter, a
 * body counted only when its length is unknown, no request-handled event per request.
 */
@BriskIntegrationTest
class RequestPathIntegrationTest {

    @Autowired
    Fixtures fixtures;

    @Autowired
    ConfigurableApplicationContext context;

    @Test
    void aChunkedBodyIsCountedAndRefusedPastTheLimitWithNothingWritten() {
        var org = fixtures.org();
        Api api = fixtures.api();
        Api.Response tooLarge =
                api.postChunked(org.admin(), "/api/customers", "{\"name\":\"" + "x".repeat(2_000_000) + "\"}");
        assertThat(tooLarge.status()).as(tooLarge.toString()).isEqualTo(413);
        assertThat(tooLarge.header("Content-Type")).startsWith("application/problem+json");
        assertThat(api.get(org.admin(), "/api/customers").json().get("items")).isEmpty();

        Api.Response small = api.postChunked(org.admin(), "/api/customers", "{\"name\":\"Chunked Ltd\"}");
        assertThat(small.status()).as(small.toString()).isEqualTo(201);
        assertThat(small.json().get("name").asString()).isEqualTo("Chunked Ltd");
    }

    @Test
    void eachFilterRunsOncePerRequestAndErrorsStayProblems() {
        var org = fixtures.org();
        Api api = fixtures.api();
        for (String path : List.of("/api/customers", "/api/customers/9223372036854775807", "/api/nothing-here")) {
            Api.Response response = api.get(org.admin(), path);
            assertThat(response.raw().headers().allValues("X-Request-Id"))
                    .as(path)
                    .hasSize(1);
            assertThat(response.raw().headers().allValues("Server-Timing"))
                    .as(path)
                    .hasSize(1);
            if (response.status() >= 400) {
                assertThat(response.header("Content-Type")).as(path).startsWith("application/problem+json");
            }
        }
    }

    @Test
    void noRequestHandledEventIsPublished() {
        var org = fixtures.org();
        List<ServletRequestHandledEvent> events = new CopyOnWriteArrayList<>();
        ApplicationListener<ServletRequestHandledEvent> listener = events::add;
        context.addApplicationListener(listener);
        try {
            Api api = fixtures.api();
            assertThat(api.get(org.admin(), "/api/customers").status()).isEqualTo(200);
            assertThat(api.get(org.admin(), "/api/auth/me").status()).isEqualTo(200);
        } finally {
            context.removeApplicationListener(listener);
        }
        assertThat(events).isEmpty();
    }
}
