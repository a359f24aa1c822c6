package dev.brisk.stalecheck;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The few calls the checker makes, over the JDK client: JSON is read with two patterns, not a library. */
final class Http implements AutoCloseable {

    /** The change number a write answers, and the cookie a browser sends back (server: ReadYourWrites). */
    static final String CHANGE_HEADER = "Brisk-Change";

    static final String CHANGE_COOKIE = "brisk_change";

    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern NAME = Pattern.compile("\"name\"\\s*:\\s*\"(\\d+)\"");

    private final HttpClient client = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    record Answer(int status, String body, @Nullable String change) {

        /** The customer's name as the number the checker wrote, or -1. */
        long value() {
            Matcher m = NAME.matcher(body);
            return status == 200 && m.find() ? Long.parseLong(m.group(1)) : -1;
        }
    }

    String login(URI node, String email, String password) {
        Answer a = send(
                node,
                "POST",
                "/api/auth/login",
                null,
                "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}",
                null);
        Matcher m = TOKEN.matcher(a.body());
        if (a.status() != 200 || !m.find()) {
            throw new IllegalStateException("login " + email + " at " + node + ": " + a.status() + " " + a.body());
        }
        return m.group(1);
    }

    Answer get(URI node, String path, String token, @Nullable String change) {
        return send(node, "GET", path, token, null, change);
    }

    Answer patchName(URI node, long customer, String token, long value) {
        return send(node, "PATCH", "/api/customers/" + customer, token, "{\"name\":\"" + value + "\"}", null);
    }

    private Answer send(
            URI node,
            String method,
            String path,
            @Nullable String token,
            @Nullable String json,
            @Nullable String change) {
        HttpRequest.Builder b = HttpRequest.newBuilder(node.resolve(path)).timeout(Duration.ofSeconds(30));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (change != null) {
            b.header("Cookie", CHANGE_COOKIE + "=" + change); // as a browser sends the cookie the write set
        }
        b.method(
                method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(
                    r.statusCode(),
                    r.body(),
                    r.headers().firstValue(CHANGE_HEADER).orElse(null));
        } catch (IOException e) {
            return new Answer(-1, String.valueOf(e.getMessage()), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(-1, "interrupted", null);
        }
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
