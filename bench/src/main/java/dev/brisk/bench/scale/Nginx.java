package dev.brisk.bench.scale;

import dev.brisk.bench.compare.Children;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * nginx as the load balancer: one {@code upstream} of the running nodes (round robin, keep-alive), a
 * config of its own under {@code prefix} ({@code nginx -p prefix -c nginx.conf}, in the foreground, as a
 * child of the run) and an access log of the upstream that answered each request, so that requests can
 * be counted per node.
 *
 * <p>Failover: a request whose connection to a node fails, or that times out, goes to the next node
 * ({@code proxy_next_upstream error timeout}). A POST or PATCH already sent to a node that died is resent
 * only if it carries an {@code Idempotency-Key} ({@code non_idempotent} in a location of its own): Brisk
 * stores a keyed write's answer in the write's own transaction, so the resent request either finds it
 * (the first one committed) or runs (it rolled back with the dead node's connection). An unkeyed write is
 * not resent (it might create twice), so it fails with 502.
 */
final class Nginx implements AutoCloseable {

    private final String executable;
    private final Path prefix;
    private final int port;
    private final Children children;
    private Process process;

    Nginx(String executable, Path prefix, int port, Children children) {
        this.executable = executable;
        this.prefix = prefix;
        this.port = port;
        this.children = children;
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    Path accessLog() {
        return prefix.resolve("access.log");
    }

    /** The whole nginx.conf for these upstream ports. */
    static String config(Path prefix, int listenPort, List<Integer> upstreamPorts, boolean asRoot) {
        String servers = upstreamPorts.stream()
                .map(p -> "        server 127.0.0.1:" + p + " max_fails=1 fail_timeout=2s;")
                .collect(Collectors.joining("\n"));
        return """
                %sworker_processes 1;
                daemon off;
                pid %s/nginx.pid;
                error_log %s/error.log warn;
                events { worker_connections 1024; }
                http {
                    log_format upstreams '$upstream_addr $status';
                    access_log %s/access.log upstreams;
                    client_body_temp_path %s/tmp/body;
                    proxy_temp_path %s/tmp/proxy;
                    fastcgi_temp_path %s/tmp/fastcgi;
                    uwsgi_temp_path %s/tmp/uwsgi;
                    scgi_temp_path %s/tmp/scgi;
                    upstream brisk {
                %s
                        keepalive 32;
                    }
                    server {
                        listen 127.0.0.1:%d;
                        proxy_http_version 1.1;
                        proxy_set_header Connection "";
                        proxy_set_header Host $host;
                        proxy_connect_timeout 1s;
                        proxy_read_timeout 30s;
                        location / {
                            error_page 418 = @keyed;
                            if ($http_idempotency_key != "") {
                                return 418;
                            }
                            proxy_pass http://brisk;
                            proxy_next_upstream error timeout;
                        }
                        # a request with an Idempotency-Key: Brisk answers a resent one from the first (V30)
                        location @keyed {
                            proxy_pass http://brisk;
                            proxy_next_upstream error timeout non_idempotent;
                        }
                    }
                }
                """.formatted(
                        asRoot ? "user root;\n" : "",
                        prefix,
                        prefix,
                        prefix,
                        prefix,
                        prefix,
                        prefix,
                        prefix,
                        prefix,
                        servers,
                        listenPort);
    }

    /** Writes the config for these nodes and (re)starts nginx on it; waits until it accepts connections. */
    void start(List<Integer> upstreamPorts) throws IOException {
        stop();
        Files.createDirectories(prefix.resolve("tmp"));
        Path conf = prefix.resolve("nginx.conf");
        Files.writeString(conf, config(prefix, port, upstreamPorts, "root".equals(System.getProperty("user.name"))));
        process = new ProcessBuilder(executable, "-p", prefix.toString(), "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        prefix.resolve("stdout.log").toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        children.register(process);
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx exited with " + process.exitValue() + ": "
                        + Files.readString(prefix.resolve("stdout.log")) + readOrEmpty(prefix.resolve("error.log")));
            }
            if (accepts()) {
                return;
            }
            Pause.ms(50);
        }
        throw new IllegalStateException("nginx did not listen on " + port + " within 10 s");
    }

    /** One GET through nginx, e.g. a recovery watcher's probe when no load runs; its status, -1 without an answer. */
    int get(String path) {
        try {
            java.net.HttpURLConnection c = (java.net.HttpURLConnection)
                    java.net.URI.create(baseUrl() + path).toURL().openConnection();
            c.setConnectTimeout(1000);
            c.setReadTimeout(5000);
            int status = c.getResponseCode();
            c.disconnect();
            return status;
        } catch (IOException e) {
            return -1;
        }
    }

    long pid() {
        return process != null && process.isAlive() ? process.pid() : -1;
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Bytes in the access log now: a mark to count from. */
    long mark() {
        try {
            return Files.exists(accessLog()) ? Files.size(accessLog()) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Requests logged since {@code mark}, by the upstream that gave the final answer ("127.0.0.1:port";
     * "-" when none could) and status: key "port status".
     */
    Map<String, Long> countSince(long mark) throws IOException {
        Map<String, Long> out = new TreeMap<>();
        if (!Files.exists(accessLog())) {
            return out;
        }
        try (RandomAccessFile f = new RandomAccessFile(accessLog().toFile(), "r")) {
            f.seek(mark);
            byte[] rest = new byte[(int) (f.length() - mark)];
            f.readFully(rest);
            for (String line : new String(rest, StandardCharsets.UTF_8).split("\n")) {
                if (line.isBlank()) {
                    continue;
                }
                // "$upstream_addr $status": the address lists every node tried, the last one answered
                int space = line.lastIndexOf(' ');
                String[] tried = line.substring(0, space).split(",\\s*");
                String last = tried[tried.length - 1].trim();
                String node = last.contains(":") ? last.substring(last.lastIndexOf(':') + 1) : last;
                String key = node + " " + line.substring(space + 1).trim() + (tried.length > 1 ? " retried" : "");
                out.merge(key, 1L, Long::sum);
            }
        }
        return out;
    }

    private static String readOrEmpty(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }

    void stop() {
        if (process != null) {
            Children.stop(process, 5);
            children.forget(process);
            process = null;
        }
    }

    @Override
    public void close() {
        stop();
    }
}
