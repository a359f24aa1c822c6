package dev.brisk.datagen;

import java.io.ByteArrayOutputStream;
import java.io.File;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * A {@code redis-server} child on 127.0.0.1:port without persistence ({@code --save ""
 * --appendonly no}), so every start is an empty Redis; {@link #kill()} is SIGKILL, a crash as far
 * as Brisk can tell. The one Redis process of the bench's {@code compare} and the server's tests
 * (which wrap it as a JUnit extension). Talks plain RESP over a fresh socket per command.
 */
public class LocalRedis implements AutoCloseable {

    public static final String DEFAULT_EXECUTABLE = "/usr/bin/redis-server";

    /** Told of every process started and ended, e.g. to stop them all when the JVM exits. */
    public interface Watcher {
        Watcher NONE = new Watcher() {
            @Override
            public void started(Process process) {}

            @Override
            public void ended(Process process) {}
        };

        void started(Process process);

        void ended(Process process);
    }

    private final String executable;
    private final int port;
    private final Path log;
    private final List<String> extraArgs;
    private final Watcher watcher;
    private @Nullable Process process;

    /**
     * @param log file the server's output is appended to
     * @param extraArgs further server options, e.g. {@code "--maxmemory", "4mb"}
     */
    public LocalRedis(String executable, int port, Path log, List<String> extraArgs, Watcher watcher) {
        this.executable = executable;
        this.port = port;
        this.log = log;
        this.extraArgs = List.copyOf(extraArgs);
        this.watcher = watcher;
    }

    /** A TCP port nobody listens on right now. */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port", e);
        }
    }

    public int port() {
        return port;
    }

    /** The server's command line. */
    public List<String> commandLine() {
        List<String> command = new ArrayList<>(List.of(
                executable,
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no"));
        command.addAll(extraArgs);
        return command;
    }

    /** Starts it (unless it runs) and waits until it answers PING, 20 s at most. */
    public synchronized LocalRedis start() {
        if (process != null && process.isAlive()) {
            return this;
        }
        Process started;
        try {
            Files.createDirectories(log.toAbsolutePath().getParent());
            started = new ProcessBuilder(commandLine())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + executable, e);
        }
        process = started;
        watcher.started(started);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (!started.isAlive()) {
                throw new IllegalStateException(
                        "redis-server on port " + port + " exited with " + started.exitValue() + " (see " + log + ")");
            }
            if (ping()) {
                return this;
            }
            sleep(20);
        }
        kill(); // not left running behind a failed start
        throw new IllegalStateException(
                "redis-server on port " + port + " did not answer PING within 20 s (see " + log + ")");
    }

    /** SIGKILL: no goodbye to the clients, as when a Redis host dies. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            await(process, 10);
            watcher.ended(process);
            process = null;
        }
    }

    /** SIGTERM, five seconds to exit, then SIGKILL. */
    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            if (!await(process, 5)) {
                process.destroyForcibly();
                await(process, 10);
            }
            watcher.ended(process);
            process = null;
        }
    }

    public synchronized boolean alive() {
        return process != null && process.isAlive();
    }

    public boolean ping() {
        return "+PONG".equals(command("PING"));
    }

    /**
     * One inline command over a fresh socket (RESP inline syntax), answering the first reply line, or
     * null when Redis does not answer. Each call is one connection, counted by Redis like any other.
     */
    public @Nullable String command(String inline) {
        try (Socket socket = open()) {
            OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
            return readReply(socket.getInputStream());
        } catch (IOException e) {
            return null;
        }
    }

    /** GET as raw bytes (values Brisk writes are binary: a MAC precedes the JSON), or null. */
    public byte @Nullable [] getBytes(String key) {
        try (Socket socket = open()) {
            socket.getOutputStream()
                    .write(resp("GET".getBytes(StandardCharsets.UTF_8), key.getBytes(StandardCharsets.UTF_8)));
            InputStream in = socket.getInputStream();
            String first = line(in);
            if (!first.startsWith("$")) {
                throw new IllegalStateException("GET " + key + ": " + first);
            }
            int length = Integer.parseInt(first.substring(1));
            return length < 0 ? null : Arrays.copyOf(in.readNBytes(length + 2), length);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SET key value PX millis with a binary-safe value, as someone with access to Redis could. */
    public void setBytes(String key, byte[] value, long pxMillis) {
        try (Socket socket = open()) {
            socket.getOutputStream()
                    .write(resp(
                            "SET".getBytes(StandardCharsets.UTF_8),
                            key.getBytes(StandardCharsets.UTF_8),
                            value,
                            "PX".getBytes(StandardCharsets.UTF_8),
                            Long.toString(pxMillis).getBytes(StandardCharsets.UTF_8)));
            String reply = line(socket.getInputStream());
            if (!"+OK".equals(reply)) {
                throw new IllegalStateException("SET " + key + ": " + reply);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A field of INFO, e.g. {@code total_connections_received}. */
    public long info(String field) {
        String reply = command("INFO");
        if (reply == null) {
            throw new IllegalStateException("redis-server on port " + port + " does not answer INFO");
        }
        for (String line : reply.split("\r\n")) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.substring(field.length() + 1).strip());
            }
        }
        throw new IllegalStateException("No " + field + " in INFO");
    }

    @Override
    public void close() {
        kill();
    }

    private Socket open() throws IOException {
        Socket socket = new Socket();
        try {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            socket.setSoTimeout(2000);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static byte[] resp(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(("*" + parts.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        for (byte[] part : parts) {
            out.writeBytes(("$" + part.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.writeBytes(part);
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    /** Reads one reply; bulk strings are returned whole, arrays one element a line, other types as their first line. */
    private static @Nullable String readReply(InputStream in) throws IOException {
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

    private static boolean await(Process p, int seconds) {
        try {
            return p.waitFor(seconds, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
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
