package dev.brisk.support;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Two Brisk nodes sharing the test database and a private redis-server, for one test class:
 * {@code @RegisterExtension static final TwoNodes nodes = new TwoNodes();}
 */
public final class TwoNodes implements BeforeAllCallback, AfterAllCallback {

    private RedisProcess redis;
    private Node a;
    private Node b;

    @Override
    public void beforeAll(ExtensionContext context) {
        redis = RedisProcess.started();
        a = Node.start(settings());
        b = Node.start(settings());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        a.close();
        b.close();
        redis.close();
    }

    /** What a node needs to share this Redis, e.g. for a third node. */
    public Map<String, String> settings() {
        return Map.of("brisk.cache.redis.host", "127.0.0.1", "brisk.cache.redis.port", Integer.toString(redis.port()));
    }

    public Node a() {
        return a;
    }

    public Node b() {
        return b;
    }

    public List<Node> both() {
        return List.of(a, b);
    }

    public RedisProcess redis() {
        return redis;
    }
}
