package dev.brisk.support;

import dev.brisk.datagen.LocalRedis;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A private {@code redis-server} on a free port of this machine ({@link LocalRedis}, the one the
 * bench uses too), started, killed (SIGKILL) and restarted by the test that owns it, so killing it
 * disturbs nobody else. As a JUnit extension ({@link #forTestClass()}) it runs for one test class
 * and is emptied before each test. Its log: {@code target/redis/redis-<port>.log}.
 */
public final class RedisProcess extends LocalRedis implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

    private RedisProcess(int port, String... extraArgs) {
        super(
                DEFAULT_EXECUTABLE,
                port,
                Path.of("target", "redis", "redis-" + port + ".log"),
                List.of(extraArgs),
                Watcher.NONE);
    }

    /** Started with extra server options, e.g. {@code "--maxmemory", "4mb", "--maxmemory-policy", "allkeys-lru"}. */
    public static RedisProcess started(String... extraArgs) {
        return new RedisProcess(freePort(), extraArgs).start();
    }

    public static RedisProcess started() {
        return onFreePort().start();
    }

    /** Picks a free port without starting anything yet. */
    public static RedisProcess onFreePort() {
        return new RedisProcess(freePort());
    }

    /** {@code @RegisterExtension static final RedisProcess redis = RedisProcess.forTestClass();} */
    public static RedisProcess forTestClass() {
        return onFreePort();
    }

    @Override
    public synchronized RedisProcess start() {
        super.start();
        return this;
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
}
