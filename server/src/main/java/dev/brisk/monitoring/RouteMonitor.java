package dev.brisk.monitoring;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Names each request after its route ({@code GET /api/customers/{id}}), keeps per-route counts,
 * errors and latency percentiles, and checks {@link QueryBudget}s when the request ends.
 *
 * <p>Only a route pattern a handler matched becomes a name: a request that never reached one
 * (401/403 from security, unknown paths, odd methods) goes to one of a few fixed buckets, so no
 * client can create entries (each holds a latency histogram) by inventing URLs. The map is capped
 * anyway, for routes added at run time.
 */
@Component
public class RouteMonitor implements HandlerInterceptor {

    private static final Logger log = LoggerFactory.getLogger(RouteMonitor.class);

    public record RouteStats(
            String route,
            long count,
            long clientErrors,
            long serverErrors,
            double p50Millis,
            double p95Millis,
            double p99Millis,
            long statements,
            double statementsPerRequest) {}

    public record BudgetViolation(Instant at, String route, int budget, int statements) {}

    private static final class Stats {
        final LongAdder count = new LongAdder();
        final LongAdder clientErrors = new LongAdder();
        final LongAdder serverErrors = new LongAdder();
        final LongAdder statements = new LongAdder();
        final ConcurrentHistogram micros = new ConcurrentHistogram(3_600_000_000L, 2);
    }

    private static final String BUDGET = RouteMonitor.class.getName() + ".budget";
    private static final String OUTSIDE = RouteMonitor.class.getName() + ".outside";

    /**
     * Statements a request ran outside its endpoint's own work (e.g. Idempotency-Key bookkeeping):
     * counted as statements, but not against the endpoint's {@link QueryBudget}.
     */
    public static void outsideBudget(jakarta.servlet.http.HttpServletRequest request, int statements) {
        int before = request.getAttribute(OUTSIDE) instanceof Integer n ? n : 0;
        request.setAttribute(OUTSIDE, before + statements);
    }

    static final String UNAUTHENTICATED = "(unauthenticated)";
    static final String FORBIDDEN = "(forbidden)";
    static final String UNMATCHED = "(unmatched)";
    static final String OTHER = "(other routes)";
    static final int MAX_ROUTES = 1_000;
    private static final java.util.Set<String> METHODS =
            java.util.Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final Map<String, Stats> routes = new ConcurrentHashMap<>();
    private final ArrayDeque<BudgetViolation> violations = new ArrayDeque<>();
    private final Counter budgetCounter;

    RouteMonitor(MeterRegistry registry) {
        this.budgetCounter = Counter.builder("brisk.db.budget_exceeded")
                .description("Requests that issued more statements than their endpoint's budget")
                .register(registry);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        RequestStats stats = RequestStats.current();
        if (stats != null) {
            Object pattern = request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE);
            if (pattern != null && METHODS.contains(request.getMethod())) {
                stats.endpoint = request.getMethod() + " " + pattern;
                stats.routed = true;
            }
            if (handler instanceof HandlerMethod method && method.hasMethodAnnotation(QueryBudget.class)) {
                request.setAttribute(
                        BUDGET, method.getMethodAnnotation(QueryBudget.class).value());
            }
        }
        return true;
    }

    void requestFinished(HttpServletRequest request, int status, RequestStats stats, long micros) {
        if (!stats.routed) {
            stats.endpoint = bucket(status);
        }
        Stats route = routes.get(stats.endpoint);
        if (route == null) {
            route = routes.computeIfAbsent(routes.size() < MAX_ROUTES ? stats.endpoint : OTHER, k -> new Stats());
        }
        route.count.increment();
        route.statements.add(stats.statements);
        route.micros.recordValue(Math.max(1, Math.min(micros, 3_600_000_000L)));
        if (status >= 500) {
            route.serverErrors.increment();
        } else if (status >= 400) {
            route.clientErrors.increment();
        }
        int outside = request.getAttribute(OUTSIDE) instanceof Integer n ? n : 0;
        if (request.getAttribute(BUDGET) instanceof Integer budget && stats.statements - outside > budget) {
            budgetCounter.increment();
            log.warn("Query budget exceeded on {}: {} statements, budget {}", stats.endpoint, stats.statements, budget);
            synchronized (violations) {
                violations.addLast(new BudgetViolation(Instant.now(), stats.endpoint, budget, stats.statements));
                while (violations.size() > 200) {
                    violations.removeFirst();
                }
            }
        }
    }

    /** Where a request that matched no route is counted: never under anything the client sent. */
    static String bucket(int status) {
        return switch (status) {
            case 401 -> UNAUTHENTICATED;
            case 403 -> FORBIDDEN;
            default -> UNMATCHED;
        };
    }

    /** Route entries held: bounded by the application's routes plus the fixed buckets. */
    public int size() {
        return routes.size();
    }

    public List<RouteStats> routes() {
        return routes.entrySet().stream()
                .map(e -> {
                    Stats s = e.getValue();
                    long count = s.count.sum();
                    return new RouteStats(
                            e.getKey(),
                            count,
                            s.clientErrors.sum(),
                            s.serverErrors.sum(),
                            s.micros.getValueAtPercentile(50) / 1e3,
                            s.micros.getValueAtPercentile(95) / 1e3,
                            s.micros.getValueAtPercentile(99) / 1e3,
                            s.statements.sum(),
                            count == 0 ? 0 : (double) s.statements.sum() / count);
                })
                .sorted(Comparator.comparingLong(RouteStats::count).reversed())
                .toList();
    }

    public List<BudgetViolation> budgetViolations() {
        synchronized (violations) {
            return List.copyOf(violations);
        }
    }

    public void reset() {
        routes.clear();
        synchronized (violations) {
            violations.clear();
        }
    }
}
