package dev.brisk.support;

import dev.brisk.BriskApplication;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/** Another Brisk instance in this JVM, on its own port, sharing the test database: a second node. */
public final class Node implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private Node(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static Node start(Map<String, String> properties) {
        return start(properties, new ApplicationContextInitializer<?>[0]);
    }

    /** A node with extra initializers, e.g. one registering a test bean before the context refreshes. */
    public static Node start(Map<String, String> properties, ApplicationContextInitializer<?>... initializers) {
        Map<String, Object> all = new HashMap<>(TestDatabase.properties());
        all.put("server.port", "0");
        all.put("brisk.demo.seed", "false");
        all.putAll(properties);
        // as command-line arguments: they outrank application.properties (default properties would not,
        // so server.port=0 lost to server.port=${PORT:8080}) and exist before environment post-processors run
        String[] args = all.entrySet().stream()
                .map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        Node node = new Node(new SpringApplicationBuilder(BriskApplication.class)
                .initializers(initializers)
                .run(args));
        node.awaitReady();
        return node;
    }

    /**
     * The context is up before the node can answer right: its LISTEN connection may still be opening,
     * and until then the caches are bypassed. Tests talk to a node only once its readiness says so.
     */
    private void awaitReady() {
        Api api = api();
        try {
            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> api.get(null, "/actuator/health/readiness").status() == 200);
        } catch (RuntimeException e) {
            context.close();
            throw e;
        }
    }

    public Api api() {
        return new Api(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    /** Where this node answers, e.g. for a client outside the test support (the stale-read checker). */
    public java.net.URI baseUrl() {
        return java.net.URI.create("http://127.0.0.1:"
                + ((WebServerApplicationContext) context).getWebServer().getPort());
    }

    /** Test data made on this node (its database, its port). */
    public Fixtures fixtures() {
        return new Fixtures(
                bean(org.springframework.jdbc.core.simple.JdbcClient.class), (WebServerApplicationContext) context);
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
