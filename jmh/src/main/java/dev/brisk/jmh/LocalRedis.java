package dev.brisk.jmh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A private {@code redis-server} on a free port for one benchmark trial, without persistence
 * ({@code --save "" --appendonly no}): started in {@code @Setup}, killed in {@code @TearDown}
 * (and by a shutdown hook if the fork dies first), so it disturbs no other Redis on the machine.
 */
public final class LocalRedis implements AutoCloseable {

    private static final String BINARY = System.getProperty("brisk.jmh.redis", "/usr/bin/redis-server");

    private final int port;
    private final Process process;
    private final Thread hook;

    private LocalRedis(int port, Process process) {
        this.port = port;
        this.process = process;
        this.hook = new Thread(process::destroyForcibly, "kill-redis-" + port);
        Runtime.getRuntime().addShutdownHook(hook);
    }

    public static LocalRedis start() {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Process process;
        try {
            process = new ProcessBuilder(
                            BINARY,
                            "--port",
                            Integer.toString(port),
                            "--bind",
                            "127.0.0.1",
                            "--save",
                            "",
                            "--appendonly",
                            "no",
                            "--daemonize",
                            "no",
                            "--loglevel",
                            "warning")
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + BINARY, e);
        }
        LocalRedis redis = new LocalRedis(port, process);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                redis.close();
                throw new IllegalStateException("redis-server on port " + port + " exited at start");
            }
            if ("+PONG".equals(redis.command("PING"))) {
                return redis;
            }
            sleep(20);
        }
        redis.close();
        throw new IllegalStateException("redis-server on port " + port + " did not answer");
    }

    public int port() {
        return port;
    }

    /** Number of keys in database 0. */
    public long dbSize() {
        String reply = command("DBSIZE");
        return reply != null && reply.startsWith(":") ? Long.parseLong(reply.substring(1)) : -1;
    }

    /**
     * Waits until Redis holds at least {@code keys} keys (asynchronous writes have landed) or the
     * timeout passes, and says how many it holds. Callers report a shortfall rather than fail: on an
     * overloaded machine an asynchronous SET can time out, and the benchmark's per-tier counters
     * then show the few reads that had to load.
     */
    public long awaitKeys(long keys, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long now;
        while ((now = dbSize()) < keys && System.nanoTime() < deadline) {
            sleep(10);
        }
        if (now < keys) {
            System.out.printf(
                    "[brisk-stats] setup: Redis holds %d keys, %d expected (asynchronous writes lost)%n", now, keys);
        }
        return now;
    }

    /** One inline command on a fresh connection; the first reply line, or null without an answer. */
    public String command(String inline) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(2000);
            OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\r') {
                line.append((char) c);
            }
            return line.toString();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or has run
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
