package dev.brisk.support;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for one running Brisk: raw bodies in, parsed JSON out. */
public final class Api {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final int port;

    public Api(int port) {
        this.port = port;
        this.base = "http://localhost:" + port;
    }

    public int port() {
        return port;
    }

    public record Response(int status, HttpResponse<String> raw) {
        public JsonNode json() {
            return JSON.readTree(raw.body());
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        /** JDBC statements the request issued, from its Server-Timing header. */
        public int statements() {
            var m = java.util.regex.Pattern.compile("db-statements;desc=\"(\\d+)\"")
                    .matcher(header("Server-Timing"));
            if (!m.find()) {
                throw new AssertionError("no statement count in Server-Timing: " + header("Server-Timing"));
            }
            return Integer.parseInt(m.group(1));
        }

        public String body() {
            return raw.body();
        }

        @Override
        public String toString() {
            return status + " " + raw.body();
        }
    }

    public Response get(String token, String path) {
        return send(token, "GET", path, null, null);
    }

    public Response post(String token, String path, String json) {
        return send(token, "POST", path, json, "application/json");
    }

    public Response patch(String token, String path, String json) {
        return send(token, "PATCH", path, json, "application/json");
    }

    public Response delete(String token, String path) {
        return send(token, "DELETE", path, null, null);
    }

    public Response send(String token, String method, String path, String body, String contentType, String... headers) {
        return sendBody(
                token,
                method,
                path,
                body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body),
                contentType,
                headers);
    }

    /** A POST whose body has no declared length: sent chunked, as a streaming client sends it. */
    public Response postChunked(String token, String path, String json) {
        byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        return sendBody(
                token,
                "POST",
                path,
                HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes)),
                "application/json");
    }

    private Response sendBody(
            String token,
            String method,
            String path,
            HttpRequest.BodyPublisher body,
            String contentType,
            String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body);
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> raw = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(raw.statusCode(), raw);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String json(Object value) {
        return JSON.writeValueAsString(value);
    }
}
