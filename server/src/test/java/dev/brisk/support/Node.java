package dev.brisk.support;

import dev.brisk.BriskApplication;
import java.util.HashMap;
import java.util.Map;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** Another Brisk instance in this JVM, on its own port, sharing the test database: a second node. */
public final class Node implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private Node(ConfigurableApplicationContext context) {
        this.context = context;
    }

    public static Node start(Map<String, String> properties) {
        Map<String, String> all = new HashMap<>(TestDatabase.properties());
        all.put("server.port", "0");
        all.put("brisk.demo.seed", "false");
        all.putAll(properties);
        // as command-line arguments: they outrank application.properties (server.port=${PORT:8080})
        String[] args = all.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        return new Node(new SpringApplicationBuilder(BriskApplication.class).run(args));
    }

    public Api api() {
        return new Api(((WebServerApplicationContext) context).getWebServer().getPort());
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
