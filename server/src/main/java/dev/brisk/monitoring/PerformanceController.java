package dev.brisk.monitoring;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.brisk.platform.Caller;
import dev.brisk.platform.LiveSessions;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import java.lang.management.ManagementFactory;
import java.sql.SQLException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The seed's performance monitoring API, for platform operators only (see the security configuration). */
@RestController
@RequestMapping("/api/monitoring")
class PerformanceController {

    private final QueryMonitor queries;
    private final RouteMonitor routes;
    private final IndexHealth indexes;
    private final LiveSampler live;
    private final List<PerformanceContributor> contributors;
    private final List<CacheAdministration> caches;
    private final DataSource dataSource;
    private final JdbcClient jdbc;
    private final LiveSessions sessions;

    PerformanceController(
            QueryMonitor queries,
            RouteMonitor routes,
            IndexHealth indexes,
            LiveSampler live,
            List<PerformanceContributor> contributors,
            List<CacheAdministration> caches,
            DataSource dataSource,
            JdbcClient jdbc,
            LiveSessions sessions) {
        this.sessions = sessions;
        this.queries = queries;
        this.routes = routes;
        this.indexes = indexes;
        this.live = live;
        this.contributors = contributors;
        this.caches = caches;
        this.dataSource = dataSource;
        this.jdbc = jdbc;
    }

    @GetMapping("/performance")
    @QueryBudget(5)
    @Operation(
            summary =
                    "Performance report: requests per route, database, cache, authentication, dashboard views, index health")
    Map<String, Object> report() {
        Map<String, Object> report = new LinkedHashMap<>();
        long uptimeMillis = ManagementFactory.getRuntimeMXBean().getUptime();
        report.put("uptimeSeconds", uptimeMillis / 1000);
        report.put("uptime", Duration.ofMillis(uptimeMillis).withNanos(0).toString());
        List<RouteMonitor.RouteStats> routeStats = routes.routes();
        report.put("requests", routeStats);
        long requestCount =
                routeStats.stream().mapToLong(RouteMonitor.RouteStats::count).sum();
        long requestStatements = routeStats.stream()
                .mapToLong(RouteMonitor.RouteStats::statements)
                .sum();

        Map<String, Object> database = new LinkedHashMap<>();
        database.put("pool", pool());
        database.put("statementsTotal", queries.statements());
        database.put("statementsPerRequest", requestCount == 0 ? 0 : (double) requestStatements / requestCount);
        database.put("slowQueries", queries.slowQueries());
        database.put("nPlusOneWarnings", queries.nPlusOneWarnings());
        database.put("budgetViolations", routes.budgetViolations());
        database.put("topFingerprints", queries.topFingerprints(20));
        report.put("database", database);

        Map<String, String> health = new LinkedHashMap<>();
        health.put("database", databaseUp() ? "UP" : "DOWN");
        for (PerformanceContributor contributor : contributors) {
            report.put(contributor.name(), contributor.snapshot());
            if (contributor.health() != null) {
                health.put(contributor.name(), contributor.health());
            }
        }
        report.put("indexes", indexes.report());
        report.put("health", health);
        return report;
    }

    @PostMapping("/performance")
    @QueryBudget(2)
    @Operation(
            summary =
                    "Run an action: clear-cache (optionally &prefix=auth:|dashboard:|api:) on every node, or reset the metrics")
    ResponseEntity<Map<String, Object>> action(
            @Parameter(description = "clear-cache or reset") @RequestParam(required = false) String action,
            @Parameter(description = "with clear-cache: only this namespace") @RequestParam(required = false)
                    String prefix) {
        if ("clear-cache".equals(action)) {
            if (prefix != null && caches.stream().noneMatch(c -> c.prefixes().contains(prefix))) {
                throw new dev.brisk.platform.ApiException(
                        HttpStatus.BAD_REQUEST,
                        "Unknown cache prefix",
                        List.of(new dev.brisk.platform.ApiException.FieldError(
                                "prefix", "must be one of auth:, dashboard:, api:")));
            }
            caches.forEach(c -> c.clearEverywhere(prefix));
            return ResponseEntity.ok(Map.of("action", action, "prefix", prefix == null ? "all" : prefix));
        }
        if ("reset".equals(action)) {
            queries.reset();
            routes.reset();
            contributors.forEach(PerformanceContributor::reset);
            return ResponseEntity.ok(Map.of("action", action));
        }
        throw dev.brisk.platform.ApiException.badField("action", "must be clear-cache or reset");
    }

    @GetMapping(path = "/stream", produces = "text/event-stream")
    @QueryBudget(1)
    @Operation(summary = "One sample a second as server-sent events, for the live monitoring page")
    SseEmitter stream(
            @AuthenticationPrincipal Caller caller, @RequestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
        String token = LiveSessions.token(authorization);
        return live.subscribe(caller.userId(), () -> sessions.isLive(token));
    }

    private Map<String, Object> pool() {
        try {
            HikariPoolMXBean pool = dataSource.unwrap(HikariDataSource.class).getHikariPoolMXBean();
            if (pool != null) {
                return Map.of(
                        "active",
                        pool.getActiveConnections(),
                        "idle",
                        pool.getIdleConnections(),
                        "pending",
                        pool.getThreadsAwaitingConnection(),
                        "total",
                        pool.getTotalConnections());
            }
        } catch (SQLException e) {
            // not a Hikari pool (baseline mode opens a connection per request)
        }
        return Map.of();
    }

    private boolean databaseUp() {
        try {
            return jdbc.sql("SELECT 1").query(Integer.class).single() == 1;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
