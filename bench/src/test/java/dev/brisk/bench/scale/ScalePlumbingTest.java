package dev.brisk.bench.scale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.brisk.bench.compare.Children;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scale run's plumbing without Brisk: the nginx config it writes, requests counted per node from
 * nginx's access log, a dead node's GETs answered by the other one, the read-back probe through nginx
 * (no mismatch on nodes that share their data, stale reads found on a node that answers from the past),
 * and CPU time read from /proc. The full run (PostgreSQL, replica, Sentinel, two real nodes) is by hand.
 * Needs Debian's nginx-light (.ci/run installs it); skips, saying so, without it.
 */
class ScalePlumbingTest {

    private static final String NGINX = "/usr/sbin/nginx";

    @TempDir
    Path dir;

    @Test
    void theConfigHasAnUpstreamOfTheNodesAndRetriesOnlyFailedConnections() {
        String conf = Nginx.config(Path.of("/x"), 9000, List.of(9001, 9002), false);
        assertThat(conf)
                .contains(
                        "listen 127.0.0.1:9000;",
                        "server 127.0.0.1:9001 max_fails=1",
                        "server 127.0.0.1:9002 max_fails=1",
                        "proxy_pass http://brisk;",
                        "proxy_next_upstream error timeout;",
                        "access_log /x/access.log upstreams;")
                .doesNotContain("user root;");
        // only the location that keyed requests are sent to resends a non-idempotent request
        assertThat(conf.substring(0, conf.indexOf("location @keyed"))).doesNotContain("non_idempotent");
        assertThat(conf.substring(conf.indexOf("location @keyed")))
                .contains("proxy_next_upstream error timeout non_idempotent;");
        assertThat(Nginx.config(Path.of("/x"), 9000, List.of(9001), true)).startsWith("user root;");
    }

    @Test
    void procCpuReadsThisProcess() {
        long pid = ProcessHandle.current().pid();
        long own = ProcCpu.ticks(pid);
        assertThat(own).isPositive();
        assertThat(ProcCpu.treeTicks(pid)).isGreaterThanOrEqualTo(own);
        assertThat(ProcCpu.ticks(-1)).isZero();
        assertThat(ProcCpu.loadAverage()).isGreaterThanOrEqualTo(0);
    }

    @Test
    void nginxSpreadsCountsAndFailsOverAndTheProbeFindsAStaleNode() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(NGINX)), "no " + NGINX + " (apt-get install -y nginx-light)");
        Store store = new Store();
        try (Children children = new Children();
                Stub a = new Stub(store, 0);
                Stub b = new Stub(store, 0);
                Stub past = new Stub(store, 1500)) {
            Nginx nginx = new Nginx(NGINX, dir.resolve("nginx"), Children.freePort(), children);
            nginx.start(List.of(a.port(), b.port()));
            HttpClient http = HttpClient.newHttpClient();

            long mark = nginx.mark();
            for (int i = 0; i < 20; i++) {
                assertThat(get(http, nginx.baseUrl() + "/api/auth/me")).isEqualTo(200);
            }
            Map<String, Long> counts = waitForCounts(nginx, mark, 20);
            assertThat(counts).containsEntry(a.port() + " 200", 10L).containsEntry(b.port() + " 200", 10L);

            ReadBackProbe probe = ReadBackProbe.create(nginx.baseUrl(), "admin@org-1.bench", "brisk-bench");
            probe.start();
            Thread.sleep(2500); // the probe's measuring window, as the harness gives it a duration
            ReadBackProbe.Result fresh = probe.stop();
            assertThat(fresh.writes()).isPositive();
            assertThat(fresh.reads()).isGreaterThan(fresh.writes());
            assertThat(fresh.writeFailures() + fresh.readFailures() + fresh.earlyMismatches() + fresh.staleReads())
                    .isZero();

            b.close(); // a dead node: nginx's connection fails and it asks the other one
            mark = nginx.mark();
            for (int i = 0; i < 10; i++) {
                assertThat(get(http, nginx.baseUrl() + "/api/auth/me")).isEqualTo(200);
            }
            assertThat(waitForCounts(nginx, mark, 10).keySet()).allMatch(k -> k.startsWith(a.port() + " 200"));

            nginx.start(List.of(a.port(), past.port())); // one node answers with values 1.5 s old
            probe.start();
            Thread.sleep(4000); // a window long enough for reads on the lagging node
            ReadBackProbe.Result lagging = probe.stop();
            probe.close();
            assertThat(lagging.staleReads()).isPositive();
            assertThat(lagging.firstStale()).contains("ms after scale-probe-");
            nginx.stop();
        }
    }

    @Test
    void aWriteSentToANodeThatDiesIsResentOnlyWithAnIdempotencyKey() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of(NGINX)), "no " + NGINX + " (apt-get install -y nginx-light)");
        try (Children children = new Children();
                Stub alive = new Stub(new Store(), 0);
                Dying dying = new Dying()) {
            Nginx nginx = new Nginx(NGINX, dir.resolve("nginx"), Children.freePort(), children);
            nginx.start(List.of(dying.port(), alive.port()));
            HttpClient http = HttpClient.newHttpClient();
            int keyedAnswered = 0;
            int keyedSent = 0;
            int unkeyedFailed = 0;
            // keyed writes until the dying node has had one, then unkeyed ones; two at a time, so that nginx's
            // round robin cannot keep handing the other kind to the live node
            for (int i = 0; i < 40 && (dying.keyed.get() == 0 || dying.unkeyed.get() == 0); i++) {
                boolean withKey = dying.keyed.get() == 0;
                for (int j = 0; j < 2; j++) {
                    int status = post(http, nginx.baseUrl(), withKey ? "key-" + i + "-" + j : null);
                    if (withKey) {
                        keyedSent++;
                        keyedAnswered += status == 201 ? 1 : 0;
                    } else {
                        unkeyedFailed += status == 502 ? 1 : 0;
                    }
                }
                Thread.sleep(2100); // past fail_timeout (2 s): nginx tries the dying node again
            }
            assertThat(dying.keyed.get())
                    .as("keyed writes that reached the dying node")
                    .isPositive();
            assertThat(dying.unkeyed.get())
                    .as("unkeyed writes that reached the dying node")
                    .isPositive();
            assertThat(keyedAnswered)
                    .as("keyed writes answered (resent to the live node)")
                    .isEqualTo(keyedSent);
            assertThat(unkeyedFailed)
                    .as("unkeyed writes lost with the dying node")
                    .isEqualTo(dying.unkeyed.get());
            nginx.stop();
        }
    }

    private static int post(HttpClient http, String base, String key) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/api/customers"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}"));
        if (key != null) {
            b.header("Idempotency-Key", key);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A node that reads each request and closes the connection without answering: it died mid-request. */
    private static final class Dying implements AutoCloseable {
        private final java.net.ServerSocket socket = new java.net.ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        final java.util.concurrent.atomic.AtomicInteger keyed = new java.util.concurrent.atomic.AtomicInteger();
        final java.util.concurrent.atomic.AtomicInteger unkeyed = new java.util.concurrent.atomic.AtomicInteger();

        Dying() throws IOException {
            Thread.ofVirtual().start(() -> {
                while (!socket.isClosed()) {
                    try (java.net.Socket s = socket.accept()) {
                        byte[] buf = new byte[8192];
                        int n = s.getInputStream().read(buf); // the request has arrived; the node dies unanswered
                        String head = n > 0 ? new String(buf, 0, n, StandardCharsets.ISO_8859_1) : "";
                        if (head.startsWith("POST")) {
                            (head.toLowerCase(java.util.Locale.ROOT).contains("idempotency-key:") ? keyed : unkeyed)
                                    .incrementAndGet();
                        }
                    } catch (IOException e) {
                        // closed: the test is over
                    }
                }
            });
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static int get(HttpClient http, String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    /** nginx writes its access log line after the response: wait until every request is in. */
    private static Map<String, Long> waitForCounts(Nginx nginx, long mark, long expected) {
        return await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> nginx.countSince(mark),
                        counts -> counts.values().stream()
                                        .mapToLong(Long::longValue)
                                        .sum()
                                >= expected);
    }

    /** The customer's name over time, shared by the stub nodes as a database would be. */
    private static final class Store {
        final ConcurrentSkipListMap<Long, String> names = new ConcurrentSkipListMap<>(Map.of(0L, "scale-probe-0"));

        String asOf(long nanos) {
            Map.Entry<Long, String> e = names.floorEntry(nanos);
            return e == null ? names.firstEntry().getValue() : e.getValue();
        }
    }

    /** A node with the four endpoints the probe and the test use; {@code lagMillis} > 0 answers GETs from the past. */
    private static final class Stub implements AutoCloseable {
        private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"([^\"]+)\"");
        private final HttpServer server;

        Stub(Store store, long lagMillis) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", ex -> {
                String path = ex.getRequestURI().getPath();
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                switch (ex.getRequestMethod() + " " + path) {
                    case "POST /api/auth/login" -> send(ex, 200, "{\"token\":\"t\"}");
                    case "POST /api/customers" -> send(ex, 201, "{\"id\":7,\"name\":\"scale-probe-0\"}");
                    case "PATCH /api/customers/7" -> {
                        Matcher m = NAME.matcher(body);
                        if (m.find()) {
                            store.names.put(System.nanoTime(), m.group(1));
                        }
                        send(ex, 200, "{\"id\":7}");
                    }
                    case "GET /api/customers/7" ->
                        send(
                                ex,
                                200,
                                "{\"id\":7,\"name\":\"" + store.asOf(System.nanoTime() - lagMillis * 1_000_000)
                                        + "\"}");
                    default -> send(ex, 200, "{}");
                }
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        private static void send(HttpExchange ex, int status, String json) throws IOException {
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(status, bytes.length);
            ex.getResponseBody().write(bytes);
            ex.close();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
