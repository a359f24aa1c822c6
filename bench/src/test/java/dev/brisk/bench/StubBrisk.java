package dev.brisk.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for Brisk's HTTP API with canned JSON and Server-Timing headers, so that the runner's
 * parsing, recording and reporting can be tested without the server. Known answers:
 * <ul>
 *   <li>auth/me: 0 statements, cache "memo"; dashboard: 0 statements, cache "redis"</li>
 *   <li>lists: 2 statements; cache "miss" when the query has q, createdTo or cursor, "local" otherwise;
 *       five pages per cursor chain</li>
 *   <li>details: 1 statement, cache "local"; writes: 3 statements, no cache descriptor</li>
 * </ul>
 * While {@link #redisDown} is set, every non-auth request answers 503.
 */
final class StubBrisk implements AutoCloseable {

    private static final Pattern EMAIL = Pattern.compile("\"email\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern PASSWORD = Pattern.compile("\"password\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"([A-Z]+)\"");
    private static final Pattern MEMBER = Pattern.compile("member@org-(\\d+)\\.bench");

    final int orgs;
    volatile boolean redisDown;
    final Map<String, LongAdder> hits = new ConcurrentHashMap<>();
    final LongAdder logins = new LongAdder();
    /** Path prefixes that answer 404, like endpoints the server does not have yet. */
    final java.util.Set<String> missing = ConcurrentHashMap.newKeySet();

    private final HttpServer server;
    private final AtomicLong ids = new AtomicLong(1_000_000);
    private final Map<String, Integer> tokens = new ConcurrentHashMap<>();

    StubBrisk(int orgs) throws IOException {
        this.orgs = orgs;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    long hits(String key) {
        LongAdder a = hits.get(key);
        return a == null ? 0 : a.sum();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            String path = ex.getRequestURI().getPath();
            Map<String, String> query = query(ex.getRequestURI().getRawQuery());
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            hits.computeIfAbsent(method + " " + path.replaceAll("/\\d+", "/{id}"), k -> new LongAdder())
                    .increment();

            if (method.equals("POST") && path.equals("/api/auth/login")) {
                login(ex, body);
                return;
            }
            String auth = ex.getRequestHeaders().getFirst("Authorization");
            Integer org = auth != null && auth.startsWith("Bearer ") ? tokens.get(auth.substring(7)) : null;
            if (org == null) {
                send(ex, 401, "{\"title\":\"Unauthorized\",\"status\":401}", null);
                return;
            }
            if (missing.stream().anyMatch(path::startsWith)) {
                send(ex, 404, "{\"title\":\"Not Found\",\"status\":404}", null);
                return;
            }
            if (path.equals("/api/auth/me")) {
                send(
                        ex,
                        200,
                        "{\"id\":" + org + ",\"email\":\"member@org-" + org + ".bench\",\"role\":\"MEMBER\"}",
                        timing(0, "memo"));
                return;
            }
            if (redisDown && !path.startsWith("/api/monitoring")) {
                send(ex, 503, "{\"title\":\"Service Unavailable\",\"status\":503}", null);
                return;
            }
            if (path.equals("/api/monitoring/performance")) {
                send(
                        ex,
                        200,
                        method.equals("POST")
                                ? "{\"ok\":true}"
                                : "{\"cache\":{\"auth\":{\"hitRate\":0.995,\"hits\":995,\"misses\":5},"
                                        + "\"api\":{\"hits\":90,\"misses\":10}},\"queries\":{\"perRequest\":1.5}}",
                        null);
                return;
            }
            if (path.equals("/api/dashboard")) {
                send(ex, 200, "{\"customers\":{\"total\":10},\"asOf\":\"2026-01-01T00:00:00Z\"}", timing(0, "redis"));
                return;
            }
            Matcher m = Pattern.compile("/api/(customers|products|orders|invoices)(?:/(\\d+))?")
                    .matcher(path);
            if (!m.matches()) {
                send(ex, 404, "{\"title\":\"Not Found\",\"status\":404}", null);
                return;
            }
            String resource = m.group(1);
            if (method.equals("GET") && m.group(2) == null) {
                boolean unique =
                        query.containsKey("q") || query.containsKey("createdTo") || query.containsKey("cursor");
                int page = query.containsKey("cursor")
                        ? Integer.parseInt(query.get("cursor").substring(2))
                        : 0;
                StringBuilder items = new StringBuilder();
                for (int i = 0; i < 20; i++) {
                    items.append(i == 0 ? "" : ",")
                            .append("{\"id\":")
                            .append(org * 10_000 + page * 20 + i + 1)
                            .append(",\"name\":\"x, \\\"y\\\"\",\"nested\":{\"nextCursor\":\"not-this\"}}");
                }
                String next = page < 4 ? "\"p-" + (page + 1) + "\"" : "null";
                send(
                        ex,
                        200,
                        "{\"items\":[" + items + "],\"nextCursor\":" + next + "}",
                        timing(2, unique ? "miss" : "local"));
            } else if (method.equals("GET")) {
                send(ex, 200, "{\"id\":" + m.group(2) + ",\"status\":\"ACTIVE\"}", timing(1, "local"));
            } else if (method.equals("POST")) {
                String status = resource.equals("orders") ? ",\"status\":\"DRAFT\"" : "";
                send(ex, 201, "{\"id\":" + ids.incrementAndGet() + status + "}", timing(3, null));
            } else if (method.equals("PATCH")) {
                Matcher s = STATUS.matcher(body);
                send(
                        ex,
                        200,
                        "{\"id\":" + m.group(2) + ",\"status\":\"" + (s.find() ? s.group(1) : "?") + "\"}",
                        timing(3, null));
            } else {
                send(ex, 405, "{\"status\":405}", null);
            }
        }
    }

    private void login(HttpExchange ex, String body) throws IOException {
        Matcher e = EMAIL.matcher(body);
        Matcher p = PASSWORD.matcher(body);
        String email = e.find() ? e.group(1) : "";
        boolean passwordOk = p.find() && p.group(1).equals("brisk-bench");
        Integer org = null;
        Matcher member = MEMBER.matcher(email);
        if (member.matches() && Integer.parseInt(member.group(1)) <= orgs) {
            org = Integer.parseInt(member.group(1));
        } else if (email.equals("operator@brisk.bench")) {
            org = 1;
        }
        if (org == null || !passwordOk) {
            send(ex, 401, "{\"title\":\"Unauthorized\",\"status\":401}", null);
            return;
        }
        logins.increment();
        String token = "t" + ids.incrementAndGet();
        tokens.put(token, org);
        send(ex, 200, "{\"token\":\"" + token + "\",\"expiresAt\":\"2099-01-01T00:00:00Z\"}", timing(1, null));
    }

    private static String timing(int statements, String cache) {
        return "db;dur=0.250, db-statements;desc=\"" + statements + "\""
                + (cache == null ? "" : ", cache;desc=\"" + cache + "\"") + ", total;dur=0.500";
    }

    private static void send(HttpExchange ex, int status, String json, String serverTiming) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        if (serverTiming != null) {
            ex.getResponseHeaders().set("Server-Timing", serverTiming);
        }
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> m = new HashMap<>();
        if (raw == null) {
            return m;
        }
        for (String pair : raw.split("&")) {
            int i = pair.indexOf('=');
            if (i > 0) {
                m.put(pair.substring(0, i), URLDecoder.decode(pair.substring(i + 1), StandardCharsets.UTF_8));
            }
        }
        return m;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
