package dev.brisk.bench.compare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One Brisk server as a child process ({@code java <jvm flags> -jar <exec jar> --brisk.mode=...}),
 * its output appended to a log file. Started from an environment without BRISK_*, SPRING_*,
 * REDIS_* and PORT, so that only the flags given here configure it.
 */
public final class BriskServer {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(2))
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    private final String mode;
    private final List<String> command;
    private final int port;
    private final Path log;
    private final Duration startTimeout;
    private final Children children;
    private Process process;
    private final List<Double> startSeconds = new ArrayList<>();

    public BriskServer(
            String mode, List<String> command, int port, Path log, Duration startTimeout, Children children) {
        this.mode = mode;
        this.command = List.copyOf(command);
        this.port = port;
        this.log = log;
        this.startTimeout = startTimeout;
        this.children = children;
    }

    String mode() {
        return mode;
    }

    List<String> command() {
        return command;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public Path log() {
        return log;
    }

    /** Seconds from process start to /actuator/health UP, one per start. */
    List<Double> startSeconds() {
        return List.copyOf(startSeconds);
    }

    /** Starts the process and waits for /actuator/health to answer UP; returns the seconds that took. */
    public double start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(mode + " server already running");
        }
        Files.writeString(
                log,
                "---- start " + java.time.Instant.now() + ": " + String.join(" ", command) + System.lineSeparator(),
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder pb = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Map<String, String> env = pb.environment();
        env.keySet()
                .removeIf(k -> k.startsWith("BRISK_")
                        || k.startsWith("SPRING_")
                        || k.startsWith("REDIS_")
                        || k.equals("PORT")
                        || k.equals("JAVA_TOOL_OPTIONS")
                        || k.equals("JDK_JAVA_OPTIONS"));
        long t0 = System.nanoTime();
        process = pb.start();
        children.register(process);
        long deadline = t0 + startTimeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(mode + " server exited with " + process.exitValue()
                        + " during start-up:" + System.lineSeparator() + tail(log, 25));
            }
            if ("UP".equals(healthStatus())) {
                double s = (System.nanoTime() - t0) / 1e9;
                startSeconds.add(Math.round(s * 100) / 100.0);
                return s;
            }
            Waits.sleep(200);
        }
        throw new IllegalStateException(mode + " server not healthy within " + startTimeout.toSeconds() + " s:"
                + System.lineSeparator() + tail(log, 25));
    }

    public void stop() {
        if (process != null) {
            Children.stop(process, 20);
            children.forget(process);
            process = null;
        }
    }

    double restart() throws IOException {
        stop();
        return start();
    }

    /** The process id while running, or -1: its CPU time is in /proc/PID/stat. */
    public long pid() {
        return process != null && process.isAlive() ? process.pid() : -1;
    }

    /** SIGKILL, as when the node's host dies; {@link #start()} starts it again. */
    public void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
            children.forget(process);
            process = null;
        }
    }

    public boolean alive() {
        return process != null && process.isAlive();
    }

    /** /actuator/health status, or null when it does not answer. */
    String healthStatus() {
        JsonNode n = health();
        return n == null ? null : n.path("status").asText(null);
    }

    /** Status of one health component ("cache": UP, DEGRADED, DISABLED), or null. */
    public String componentStatus(String component) {
        JsonNode n = health();
        return n == null
                ? null
                : n.path("components").path(component).path("status").asText(null);
    }

    /** Health components are shown to a platform operator only: logged in on first use, again after a restart. */
    private volatile String operatorToken;

    private String operatorToken() {
        String token = operatorToken;
        if (token != null) {
            return token;
        }
        try {
            String body = JSON.writeValueAsString(Map.of(
                    "email",
                    dev.brisk.datagen.Generator.OPERATOR_EMAIL,
                    "password",
                    dev.brisk.datagen.Generator.PASSWORD));
            HttpResponse<byte[]> r = HTTP.send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + "/api/auth/login"))
                            .timeout(Duration.ofSeconds(5))
                            .header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() == 200) {
                token = JSON.readTree(r.body()).path("token").asText(null);
                operatorToken = token;
            }
            return token;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private JsonNode health() {
        try {
            String token = operatorToken();
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                    .timeout(Duration.ofSeconds(2))
                    .GET();
            if (token != null) {
                request.header("Authorization", "Bearer " + token);
            }
            HttpResponse<byte[]> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() == 401 && token != null) {
                operatorToken = null; // expired, or the server was restarted on a reset database
            }
            if (r.statusCode() != 200 && r.statusCode() != 503) {
                return null;
            }
            return JSON.readTree(r.body());
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join(System.lineSeparator(), all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
