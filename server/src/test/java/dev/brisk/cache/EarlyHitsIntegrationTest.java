package dev.brisk.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brisk.monitoring.RouteMonitor;
import dev.brisk.support.Api;
import dev.brisk.support.BriskIntegrationTest;
import dev.brisk.support.Fixtures;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Cached responses are answered before the security chain (EarlyHits): neither Spring Security's
 * chain nor Spring MVC sees a hit or a 304, yet the answer is the one MVC gave before, with the
 * chain's headers, Server-Timing, the route's statistics, and one cache lookup per request. Every
 * request the early answer may not give goes through the chain and is answered as before.
 */
@BriskIntegrationTest
@Import(EarlyHitsIntegrationTest.MvcCounter.class)
class EarlyHitsIntegrationTest {

    /** Counts the requests that reach Spring MVC's interceptors, per URI. */
    @TestConfiguration
    static class MvcCounter implements WebMvcConfigurer {
        static final Map<String, AtomicInteger> REACHED = new ConcurrentHashMap<>();

        static int reached(String uri) {
            return REACHED.computeIfAbsent(uri, k -> new AtomicInteger()).get();
        }

        @Override
        public void addInterceptors(InterceptorRegistry registry) {
            registry.addInterceptor(new HandlerInterceptor() {
                @Override
                public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
                    REACHED.computeIfAbsent(request.getRequestURI(), k -> new AtomicInteger())
                            .incrementAndGet();
                    return true;
                }
            });
        }
    }

    @Autowired
    Fixtures fixtures;

    @Autowired
    RouteMonitor routes;

    @Autowired
    TieredCache cache;

    @Autowired
    SecurityFilterChain securityChain;

    /** GET requests that entered Spring Security's chain, per URI (a spy at the head of the chain's filters). */
    private final Map<String, AtomicInteger> enteredChain = new ConcurrentHashMap<>();

    private final Filter chainSpy = (request, response, next) -> {
        if (request instanceof HttpServletRequest http && "GET".equals(http.getMethod())) {
            enteredChain
                    .computeIfAbsent(http.getRequestURI(), k -> new AtomicInteger())
                    .incrementAndGet();
        }
        next.doFilter(request, response);
    };

    @BeforeEach
    void spyOnTheSecurityChain() {
        securityChain.getFilters().add(0, chainSpy);
    }

    @AfterEach
    void removeTheSpy() {
        securityChain.getFilters().remove(chainSpy);
    }

    private int enteredChain(String uri) {
        return enteredChain.computeIfAbsent(uri, k -> new AtomicInteger()).get();
    }

    @Test
    void aHitAnswersOnlyWhatTheAcceptHeaderAdmitsAsAMissWould() {
        var org = fixtures.org();
        Api api = fixtures.api();
        String cached = customer(org, "Accept Ltd").path();
        Created fresh = customer(org, "Fresh Ltd");
        // after both creations (the second renews the generation again); notifications arrive in
        // commit order, so a node that has heard the second has heard the first
        assertThat(readAfter(org.member(), cached, fresh).status()).isEqualTo(200);
        var hit = api.send(org.member(), "GET", cached, null, null, "Accept", "*/*");
        assertThat(hit.header("Server-Timing")).containsPattern("api=(local|redis)\\b");
        var json = api.send(org.member(), "GET", cached, null, null, "Accept", "text/html, application/json;q=0.5");
        assertThat(json.status()).isEqualTo(200);
        assertThat(json.header("Server-Timing")).containsPattern("api=(local|redis)\\b");

        var missAsHtml = api.send(org.member(), "GET", fresh.path(), null, null, "Accept", "text/html");
        var cachedAsHtml = api.send(org.member(), "GET", cached, null, null, "Accept", "text/html");
        assertThat(missAsHtml.status()).isNotEqualTo(200);
        assertThat(cachedAsHtml.status()).isEqualTo(missAsHtml.status());
        assertThat(cachedAsHtml.header("Content-Type")).isEqualTo(missAsHtml.header("Content-Type"));
    }

    @Test
    void aHitAndA304NeverReachSpringMvcAndAnswerAsBefore() {
        var org = fixtures.org();
        Api api = fixtures.api();
        Created created = customer(org, "Early Ltd");
        String path = created.path();
        long routeCount = count("GET /api/customers/{id}");
        var miss = readAfter(org.member(), path, created);
        assertThat(miss.status()).isEqualTo(200);
        assertThat(miss.header("Server-Timing")).contains("api=miss");
        int reached = MvcCounter.reached(path);
        assertThat(reached).isPositive();

        var hit = api.get(org.member(), path);
        assertThat(hit.status()).isEqualTo(200);
        assertThat(hit.body()).isEqualTo(miss.body());
        assertThat(hit.statements()).isZero();
        assertThat(hit.header("Server-Timing"))
                .contains("db-statements;desc=\"0\"")
                .contains("api=local")
                .contains("total;dur=");
        for (String header : new String[] {
            "ETag", "Cache-Control", "Vary", "Content-Type", "X-Content-Type-Options", "X-Frame-Options"
        }) {
            assertThat(hit.header(header)).as(header).isNotNull().isEqualTo(miss.header(header));
        }
        assertThat(hit.header("X-Request-Id")).isNotBlank();

        var notModified = api.send(org.member(), "GET", path, null, null, "If-None-Match", hit.header("ETag"));
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.statements()).isZero();
        assertThat(notModified.header("X-Content-Type-Options")).isEqualTo("nosniff");

        assertThat(MvcCounter.reached(path))
                .as("requests that reached Spring MVC")
                .isEqualTo(reached);
        assertThat(enteredChain(path))
                .as("requests that entered the security chain (the miss only)")
                .isEqualTo(1);
        // the request monitor still counts them, under the route's name
        await().atMost(Duration.ofSeconds(5)).until(() -> count("GET /api/customers/{id}") >= routeCount + 3);
    }

    @Test
    void aMissIsLookedUpOnceAndRefusalsStayTheChainsAnswers() {
        var org = fixtures.org();
        long id = fixtures.create(org.admin(), "/api/customers", Map.of("name", "Once Ltd"));
        long before = cache.stats().namespaces().get(CacheNamespace.API).requests();
        assertThat(fixtures.api().get(org.member(), "/api/customers/" + id).header("Server-Timing"))
                .contains("api=miss");
        assertThat(cache.stats().namespaces().get(CacheNamespace.API).requests())
                .isEqualTo(before + 1);

        var anonymous = fixtures.api().get(null, "/api/customers/" + id);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(fixtures.api()
                        .get("brisk_" + "Z".repeat(43), "/api/customers/" + id)
                        .status())
                .isEqualTo(401);
        assertThat(fixtures.api()
                        .get(fixtures.org().member(), "/api/customers/" + id)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void meIsAnsweredFromTheSessionWithoutSpringMvc() {
        var org = fixtures.org();
        Api api = fixtures.api();
        long routeCount = count("GET /api/auth/me");
        int reached = MvcCounter.reached("/api/auth/me");
        var cold = api.get(org.member(), "/api/auth/me");
        var warm = api.get(org.member(), "/api/auth/me");
        assertThat(warm.status()).isEqualTo(200);
        assertThat(warm.statements()).isZero();
        assertThat(warm.body()).isEqualTo(cold.body());
        assertThat(warm.header("Content-Type")).isEqualTo("application/json");
        assertThat(warm.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(warm.header("Server-Timing")).contains("auth=");
        assertThat(warm.header("Cache-Control")).isNotNull().isEqualTo(cold.header("Cache-Control"));
        var me = warm.json();
        assertThat(me.propertyNames())
                .containsExactlyInAnyOrder(
                        "id", "orgId", "email", "name", "role", "status", "lastLoginAt", "createdAt", "updatedAt");
        assertThat(me.get("orgId").asLong()).isEqualTo(org.id());
        assertThat(me.get("role").asString()).isEqualTo("MEMBER");
        assertThat(MvcCounter.reached("/api/auth/me"))
                .as("requests that reached Spring MVC")
                .isEqualTo(reached);
        assertThat(enteredChain("/api/auth/me"))
                .as("requests that entered the security chain")
                .isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> count("GET /api/auth/me") >= routeCount + 2);

        // a query string is Spring MVC's to answer (its parameter check), as before
        api.get(org.member(), "/api/auth/me?unknown=1");
        assertThat(MvcCounter.reached("/api/auth/me")).isEqualTo(reached + 1);
        assertThat(api.get(null, "/api/auth/me").status()).isEqualTo(401);

        // a session ended by logout is gone for the early answer too, however warm it was
        assertThat(api.post(org.member(), "/api/auth/logout", null).status()).isEqualTo(204);
        assertThat(api.get(org.member(), "/api/auth/me").status()).isEqualTo(401);
    }

    @Test
    void whatTheEarlyAnswerMayNotGiveGoesThroughTheSecurityChainAsBefore() {
        var org = fixtures.org();
        Created created = customer(org, "Refused Ltd");
        String path = created.path();
        Api api = fixtures.api();
        var stored = readAfter(org.member(), path, created);
        assertThat(api.get(org.member(), path).header("Server-Timing")).contains("api=local");
        int entered = enteredChain(path);

        var anonymous = api.get(null, path);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.header("WWW-Authenticate")).isEqualTo("Bearer");
        assertThat(anonymous.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(enteredChain(path)).as("no token").isEqualTo(++entered);

        var unknown = api.get("brisk_" + "Z".repeat(43), path);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(unknown.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
        assertThat(enteredChain(path)).as("unknown token").isEqualTo(++entered);

        // another organization's member: its own (empty) entries, then the handler's 404
        int reached = MvcCounter.reached(path);
        var otherOrg = api.get(fixtures.org().member(), path);
        assertThat(otherOrg.status()).isEqualTo(404);
        assertThat(otherOrg.body()).doesNotContain("Refused Ltd");
        assertThat(enteredChain(path)).as("wrong organization").isEqualTo(++entered);
        assertThat(MvcCounter.reached(path)).isEqualTo(reached + 1);

        // a platform operator reads no tenant's data: the chain's 403, never the cached body
        var operator = api.get(fixtures.operator(), path);
        assertThat(operator.status()).isEqualTo(403);
        assertThat(operator.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(operator.body()).doesNotContain("Refused Ltd");
        assertThat(enteredChain(path)).as("wrong role").isEqualTo(++entered);

        // the caller's own change not heard yet (a change number ahead of this node): the database answers
        var fenced = api.send(org.member(), "GET", path, null, null, ReadYourWrites.HEADER, "999999999999");
        assertThat(fenced.status()).isEqualTo(200);
        assertThat(fenced.header("Server-Timing")).contains("api=bypass-own");
        assertThat(fenced.statements()).isPositive();
        assertThat(fenced.body()).isEqualTo(stored.body());
        assertThat(enteredChain(path)).as("fenced read").isEqualTo(++entered);
        assertThat(MvcCounter.reached(path)).isEqualTo(reached + 2);

        // a revoked session, however warm its cached entry was
        String token = fixtures.login(org.memberEmail());
        assertThat(api.get(token, path).header("Server-Timing")).contains("api=local");
        int afterWarm = enteredChain(path);
        assertThat(api.post(token, "/api/auth/logout", null).status()).isEqualTo(204);
        var revoked = api.get(token, path);
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.header("WWW-Authenticate")).isEqualTo("Bearer error=\"invalid_token\"");
        assertThat(enteredChain(path)).as("revoked session").isEqualTo(afterWarm + 1);

        // and the hit itself still never enters the chain
        assertThat(api.get(org.member(), path).status()).isEqualTo(200);
        assertThat(enteredChain(path)).isEqualTo(afterWarm + 1);
    }

    /** A new customer's path and the change number its creation answered. */
    private record Created(String path, String change) {}

    private Created customer(Fixtures.Org org, String name) {
        var created = fixtures.api().post(org.admin(), "/api/customers", Api.json(Map.of("name", name)));
        assertThat(created.status()).isEqualTo(201);
        return new Created(
                "/api/customers/" + created.json().get("id").asLong(), created.header(ReadYourWrites.HEADER));
    }

    /**
     * A read that the node answers only once it has heard the given creation, so an answer it
     * stores belongs to the current generation and the next read finds it. Without the change
     * number the creation can be heard after the store, and the next read misses.
     */
    private Api.Response readAfter(String token, String path, Created creation) {
        return fixtures.api().send(token, "GET", path, null, null, ReadYourWrites.HEADER, creation.change());
    }

    private long count(String route) {
        return routes.routes().stream()
                .filter(r -> r.route().equals(route))
                .mapToLong(RouteMonitor.RouteStats::count)
                .findFirst()
                .orElse(0);
    }
}
