package dev.brisk.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A private {@code redis-server} on a free port of this machine, started, killed (SIGKILL) and
 * restarted by the test that owns it, so killing it disturbs nobody else. As a JUnit extension
 * ({@link #forTestClass()}) it runs for one test class and is emptied before each test.
 */
public final class RedisProcess implements AutoCloseable, BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    private static final String BINARY = "/usr/bin/redis-server";

    private final int port;
    private Process process;

    private RedisProcess(int port) {
        this.port = port;
    }

    /** Picks a free port without starting anything yet. */
    public static RedisProcess onFreePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return new RedisProcess(socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code @RegisterExtension static final RedisProcess redis = RedisProcess.forTestClass();} */
    public static RedisProcess forTestClass() {
        return onFreePort();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        start();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        command("FLUSHALL");
    }

    @Override
    public void afterAll(ExtensionContext context) {
        close();
    }

    public static RedisProcess started() {
        RedisProcess redis = onFreePort();
        redis.start();
        return redis;
    }

    public int port() {
        return port;
    }

    public synchronized RedisProcess start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        try {
            Path log = Files.createDirectories(Path.of("target", "redis")).resolve("redis-" + port + ".log");
            process = new ProcessBuilder(BINARY, "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--daemonize", "no")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + BINARY, e);
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server on port " + port + " exited: see target/redis/");
            }
            if ("+PONG".equals(command("PING"))) {
                return this;
            }
            sleep(20);
        }
        throw new IllegalStateException("redis-server on port " + port + " did not answer");
    }

    /** SIGKILL: no goodbye to the clients, as when a Redis host dies. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    public synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    /**
     * One inline command over a fresh socket (RESP inline syntax), answering the first reply line, or
     * null when Redis does not answer. Each call is one connection, counted by Redis like any other.
     */
    public String command(String inline) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return readReply(socket.getInputStream());
        } catch (IOException e) {
            return null;
        }
    }

    /** GET as raw bytes (values Brisk writes are binary: a MAC precedes the JSON), or null. */
    public byte[] getBytes(String key) {
        try (Socket socket = open()) {
            socket.getOutputStream().write(resp("GET".getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8)));
            InputStream in = socket.getInputStream();
            String first = line(in);
            if (!first.startsWith("$")) {
                throw new IllegalStateException("GET " + key + ": " + first);
            }
            int length = Integer.parseInt(first.substring(1));
            return length < 0 ? null : java.util.Arrays.copyOf(in.readNBytes(length + 2), length);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** SET key value PX millis with a binary-safe value, as someone with access to Redis could. */
    public void setBytes(String key, byte[] value, long pxMillis) {
        try (Socket socket = open()) {
            socket.getOutputStream().write(resp("SET".getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8),
                    value, "PX".getBytes(StandardCharsets.UTF_8), Long.toString(pxMillis).getBytes(StandardCharsets.UTF_8)));
            String reply = line(socket.getInputStream());
            if (!"+OK".equals(reply)) {
                throw new IllegalStateException("SET " + key + ": " + reply);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private Socket open() throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
        socket.setSoTimeout(2000);
        return socket;
    }

    private static byte[] resp(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(("*" + parts.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        for (byte[] part : parts) {
            out.writeBytes(("$" + part.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(part);
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** A field of INFO, e.g. {@code total_connections_received}. */
    public long info(String field) {
        String reply = command("INFO");
        for (String line : reply.split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).strip());
            }
        }
        throw new IllegalStateException("No " + field + " in INFO");
    }

    /** Reads one reply; bulk strings are returned whole, other types as their first line. */
    private static String readReply(InputStream in) throws IOException {
        String first = line(in);
        if (first.startsWith("$")) {
            int length = Integer.parseInt(first.substring(1));
            if (length < 0) {
                return null;
            }
            byte[] body = in.readNBytes(length + 2);
            return new String(body, 0, length, StandardCharsets.UTF_8);
        }
        if (first.startsWith("*")) {
            int count = Integer.parseInt(first.substring(1));
            StringBuilder all = new StringBuilder();
            for (int i = 0; i < count; i++) {
                all.append(readReply(in)).append('\n');
            }
            return all.toString();
        }
        return first;
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\r') {
                in.read();
                break;
            }
            sb.append((char) c);
        }
        return sb.toString();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        kill();
    }
}
