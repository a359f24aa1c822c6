package dev.brisk.bench.compare;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * A redis-server child on 127.0.0.1:port without persistence ({@code --save "" --appendonly no}):
 * every start is an empty Redis. {@link #kill()} is SIGKILL, a crash as far as Brisk can tell.
 */
final class RedisProcess {

    private final String executable;
    private final int port;
    private final Path log;
    private final Children children;
    private Process process;

    RedisProcess(String executable, int port, Path log, Children children) {
        this.executable = executable;
        this.port = port;
        this.log = log;
        this.children = children;
    }

    int port() {
        return port;
    }

    List<String> command() {
        return List.of(executable, "--port", Integer.toString(port), "--bind", "127.0.0.1", "--save", "",
                "--appendonly", "no");
    }

    /** Starts it and waits until it answers PING (10 s at most). */
    void start() throws IOException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("redis-server on port " + port + " is already running");
        }
        process = new ProcessBuilder(command())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        children.register(process);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited with " + process.exitValue() + " (see " + log + ")");
            }
            if (ping()) {
                return;
            }
            Waits.sleep(50);
        }
        throw new IllegalStateException("redis-server on port " + port + " did not answer PING within 10 s");
    }

    /** SIGKILL, as if it crashed. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor();
            children.forget(process);
            process = null;
        }
    }

    void stop() {
        if (process != null) {
            Children.stop(process, 5);
            children.forget(process);
            process = null;
        }
    }

    boolean ping() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            s.setSoTimeout(500);
            OutputStream out = s.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] buf = new byte[16];
            int n = in.read(buf);
            return n > 0 && new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("+PONG");
        } catch (IOException e) {
            return false;
        }
    }
}
