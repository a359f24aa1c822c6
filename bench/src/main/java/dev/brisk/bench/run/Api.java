package dev.brisk.bench.run;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The runner's only way to Brisk: HTTP/1.1 with keep-alive through one {@link HttpClient} on
 * virtual threads. Callers block (they are virtual threads too). Failures never throw: they come
 * back as a {@link Response} with status -1 and an error kind.
 */
public final class Api implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonFactory FACTORY = JSON.getFactory();

    private final String base;
    private final HttpClient client;
    private final ExecutorService executor;
    private final Duration timeout;

    /**
     * @param status HTTP status, or -1 when no response arrived
     * @param error null, or what went wrong ("timeout", "connect", "io: ..."); an HTTP status of
     *              400 or more is an error too, see {@link #failed()}
     */
    public record Response(int status, byte[] body, ServerTiming timing, String error, long startNanos, long endNanos) {

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        public boolean failed() {
            return status < 0 || status >= 400;
        }

        public String errorKind() {
            return status < 0 ? error : "HTTP " + status;
        }

        public JsonNode json() {
            try {
                return body == null || body.length == 0 ? null : JSON.readTree(body);
            } catch (IOException e) {
                return null;
            }
        }

        public String text() {
            return body == null ? "" : new String(body, StandardCharsets.UTF_8);
        }
    }

    public Api(String baseUrl, Duration timeout) {
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.timeout = timeout;
        this.executor = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("http-", 0).factory());
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1) // no h2c upgrade dance on plain http
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    public String baseUrl() {
        return base;
    }

    public Response get(String path, String token) {
        return send("GET", path, token, null);
    }

    public Response send(String method, String path, String token, Object jsonBody) {
        return send(method, path, token, jsonBody, null);
    }

    /** With an {@code Idempotency-Key} (null: none): the server answers a resent request from the first one. */
    public Response send(String method, String path, String token, Object jsonBody, String idempotencyKey) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(URI.create(base + path)).timeout(timeout).header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (idempotencyKey != null) {
            b.header("Idempotency-Key", idempotencyKey);
        }
        if (jsonBody != null) {
            byte[] bytes;
            try {
                bytes = jsonBody instanceof byte[] raw ? raw : JSON.writeValueAsBytes(jsonBody);
            } catch (IOException e) {
                throw new IllegalArgumentException(e);
            }
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(bytes));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        long start = System.nanoTime();
        try {
            HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            long end = System.nanoTime();
            return new Response(
                    r.statusCode(),
                    r.body(),
                    ServerTiming.parse(r.headers().allValues("Server-Timing")),
                    null,
                    start,
                    end);
        } catch (HttpConnectTimeoutException e) {
            return new Response(-1, null, ServerTiming.NONE, "connect timeout", start, System.nanoTime());
        } catch (HttpTimeoutException e) {
            return new Response(-1, null, ServerTiming.NONE, "timeout", start, System.nanoTime());
        } catch (ConnectException e) {
            return new Response(-1, null, ServerTiming.NONE, "connection refused", start, System.nanoTime());
        } catch (IOException e) {
            String m = e.getMessage();
            return new Response(
                    -1,
                    null,
                    ServerTiming.NONE,
                    "io: " + e.getClass().getSimpleName()
                            + (m == null ? "" : " " + (m.length() > 60 ? m.substring(0, 60) : m)),
                    start,
                    System.nanoTime());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Response(-1, null, ServerTiming.NONE, "interrupted", start, System.nanoTime());
        }
    }

    /** Logs in; returns the token or null (with the response for diagnostics in {@code failure}). */
    public String login(String email, String password, Response[] failure) {
        Response r = send("POST", "/api/auth/login", null, Map.of("email", email, "password", password));
        if (r.ok()) {
            JsonNode n = r.json();
            if (n != null && n.hasNonNull("token")) {
                return n.get("token").asText();
            }
        }
        if (failure != null) {
            failure[0] = r;
        }
        return null;
    }

    /** Reads the top-level {@code nextCursor} of a list response without building a tree. */
    static String nextCursor(byte[] body) {
        if (body == null || body.length == 0) {
            return null;
        }
        try (JsonParser p = FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if ("nextCursor".equals(field)) {
                    return value == JsonToken.VALUE_STRING ? p.getText() : null;
                }
                p.skipChildren();
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }

    @Override
    public void close() {
        client.shutdownNow();
        executor.shutdownNow();
    }
}
