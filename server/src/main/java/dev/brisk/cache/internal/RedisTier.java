package dev.brisk.cache.internal;

import dev.brisk.cache.CacheProperties;
import dev.brisk.cache.RedisStatus;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import io.lettuce.core.tracing.MicrometerTracing;
import io.micrometer.observation.ObservationRegistry;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared tier: one Lettuce connection for commands and one for pub/sub, both opened in the
 * background (start-up never waits for Redis and never fails because of it) and re-opened by
 * Lettuce when they drop. Every command passes the circuit breaker and has a hard timeout; a
 * command that cannot run or fails throws the stack-less {@link Unavailable}, which callers treat
 * as "go on without Redis". While disconnected, commands are rejected at once rather than queued.
 */
public final class RedisTier implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RedisTier.class);
    private static final long FIRST_RETRY_MS = 100;

    /** Redis was not used: {@link #SKIPPED} (breaker open, not connected) or {@link #FAILED}. */
    public static final class Unavailable extends RuntimeException {
        final boolean failed;

        private Unavailable(boolean failed) {
            super(failed ? "Redis command failed" : "Redis skipped", null, false, false);
            this.failed = failed;
        }
    }

    static final Unavailable SKIPPED = new Unavailable(false);
    static final Unavailable FAILED = new Unavailable(true);

    /** What the engine hears from this tier. Called on Lettuce or breaker threads: hand off, return fast. */
    public interface Listener {
        /** A message arrived on the channel. */
        void message(byte[] body);

        /** The channel was (re)subscribed; messages sent while it was not may have been missed. */
        void subscribed();

        /** Connection or breaker state moved; {@link #status()} may differ. */
        void statusChanged();
    }

    private final CacheProperties.Redis settings;
    private final RedisMac mac;
    private final ScheduledExecutorService scheduler;
    private final Listener listener;
    private final CircuitBreaker breaker;
    private final ClientResources resources;
    private final RedisConnector connector;
    private final long timeoutNanos;
    private volatile RedisConnector.Link connection;
    private volatile StatefulRedisPubSubConnection<String, byte[]> pubsub;
    private volatile boolean subscribed;
    private volatile boolean closed;

    /** @param tracing where Lettuce reports a span per command (no arguments in them); null: not traced */
    public RedisTier(
            CacheProperties.Redis settings,
            CacheProperties.Breaker breakerSettings,
            ScheduledExecutorService scheduler,
            ObservationRegistry tracing,
            Listener listener,
            RedisMac mac) {
        this.settings = settings;
        this.mac = mac;
        this.scheduler = scheduler;
        this.listener = listener;
        this.timeoutNanos = settings.commandTimeout().toNanos();
        this.breaker = CircuitBreaker.of(
                "brisk-cache-redis",
                CircuitBreakerConfig.custom()
                        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                        .slidingWindowSize(breakerSettings.slidingWindowSize())
                        .minimumNumberOfCalls(breakerSettings.minimumNumberOfCalls())
                        .failureRateThreshold(breakerSettings.failureRateThreshold())
                        .waitDurationInOpenState(breakerSettings.waitInOpenState())
                        .permittedNumberOfCallsInHalfOpenState(breakerSettings.permittedCallsInHalfOpenState())
                        .writableStackTraceEnabled(false)
                        .build());
        breaker.getEventPublisher().onStateTransition(event -> {
            switch (event.getStateTransition().getToState()) {
                case OPEN ->
                    log.warn(
                            "Redis at {} is failing: the cache runs memory-only and probes every {}",
                            settings.describe(),
                            breakerSettings.waitInOpenState());
                case CLOSED -> log.info("Redis at {} answers again: the cache uses it again", settings.describe());
                default -> log.debug("Redis breaker: {}", event.getStateTransition());
            }
            listener.statusChanged();
        });
        ClientResources.Builder resourcesBuilder = ClientResources.builder();
        if (tracing != null) {
            resourcesBuilder.tracing(new MicrometerTracing(tracing, "brisk-redis", false));
        }
        this.resources = resourcesBuilder
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(Delay.exponential(
                        Duration.ofMillis(FIRST_RETRY_MS), settings.reconnectDelayMax(), 2, TimeUnit.MILLISECONDS))
                .build();
        this.connector = RedisConnector.of(settings, resources);
        connector.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
                listener.statusChanged();
            }

            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                if (handler == pubsub) {
                    subscribed = false;
                }
                listener.statusChanged();
            }
        });
    }

    /** Starts connecting in the background and probing while the breaker is not closed. */
    public void start() {
        connectCommands(FIRST_RETRY_MS);
        connectPubSub(FIRST_RETRY_MS);
        scheduler.scheduleWithFixedDelay(this::probe, 1, 1, TimeUnit.SECONDS);
    }

    /** UP only with commands connected, the channel subscribed (evictions arrive) and the breaker closed. */
    public RedisStatus status() {
        RedisConnector.Link c = connection;
        if (c == null || !c.isOpen() || !subscribed) {
            return RedisStatus.DEGRADED;
        }
        return breaker.getState() == CircuitBreaker.State.CLOSED ? RedisStatus.UP : RedisStatus.DEGRADED;
    }

    public String breakerState() {
        return breaker.getState().name();
    }

    public boolean connected() {
        RedisConnector.Link c = connection;
        return c != null && c.isOpen();
    }

    public boolean subscribed() {
        return subscribed;
    }

    CacheProperties.Redis settings() {
        return settings;
    }

    // --- commands -------------------------------------------------------------------------------

    /** The value, or null when Redis has no such key or its value fails the MAC check. */
    public byte[] get(String key) {
        return mac.open(key, call(c -> c.get(key)));
    }

    /** {@code INFO <section>} as text (the eviction check reads {@code memory}). */
    public String info(String section) {
        return new String(
                call(c -> c.info(section).thenApply(text -> text.getBytes(StandardCharsets.UTF_8))),
                StandardCharsets.UTF_8);
    }

    /** SET (MAC'd) with expiry, not waited for; failures are counted by {@code onFailure} and the breaker. */
    public void setAsync(String key, byte[] value, long ttlMillis, Runnable onFailure) {
        byte[] sealed = mac.seal(key, value);
        send(c -> c.set(key, sealed, SetArgs.Builder.px(Math.max(ttlMillis, 1))), onFailure);
    }

    void deleteAsync(List<String> keys, Runnable onFailure) {
        send(c -> c.unlink(keys.toArray(String[]::new)), onFailure);
    }

    /** Deletes the keys and then publishes {@code message}, pipelined, and waits for both. */
    void deleteAndPublish(List<String> keys, byte[] message) {
        byte[] sealed = mac.seal(settings.channel(), message);
        call(c ->
                c.unlink(keys.toArray(String[]::new)).thenCombine(c.publish(settings.channel(), sealed), (a, b) -> b));
    }

    void publish(byte[] message) {
        byte[] sealed = mac.seal(settings.channel(), message);
        call(c -> c.publish(settings.channel(), sealed));
    }

    void publishAsync(byte[] message, Runnable onFailure) {
        byte[] sealed = mac.seal(settings.channel(), message);
        send(c -> c.publish(settings.channel(), sealed), onFailure);
    }

    /** Deletes every key matching {@code pattern} with SCAN + UNLINK, a page at a time; returns how many. */
    long deleteMatching(String pattern) {
        ScanArgs args = ScanArgs.Builder.matches(pattern).limit(1000);
        ScanCursor cursor = ScanCursor.INITIAL;
        long deleted = 0;
        do {
            ScanCursor current = cursor;
            KeyScanCursor<String> page = call(c -> c.scan(current, args));
            if (!page.getKeys().isEmpty()) {
                String[] keys = page.getKeys().toArray(String[]::new);
                deleted += call(c -> c.unlink(keys));
            }
            cursor = page;
        } while (!cursor.isFinished());
        return deleted;
    }

    /** Runs one command through the breaker and waits at most the command timeout. */
    public <T> T call(Function<RedisAsyncCommands<String, byte[]>, CompletionStage<T>> command) {
        RedisConnector.Link c = connection;
        if (c == null || closed || !breaker.tryAcquirePermission()) {
            throw SKIPPED;
        }
        long start = System.nanoTime();
        try {
            T result = command.apply(c.async()).toCompletableFuture().get(timeoutNanos, TimeUnit.NANOSECONDS);
            breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            breaker.releasePermission();
            throw SKIPPED;
        } catch (ExecutionException e) {
            throw failed(start, e.getCause());
        } catch (TimeoutException | RuntimeException e) {
            throw failed(start, e);
        }
    }

    /** Sends without waiting; {@code onFailure} runs when the command fails (not when Redis is skipped). */
    private <T> void send(
            Function<RedisAsyncCommands<String, byte[]>, CompletionStage<T>> command, Runnable onFailure) {
        RedisConnector.Link c = connection;
        if (c == null || closed || !breaker.tryAcquirePermission()) {
            return;
        }
        long start = System.nanoTime();
        try {
            command.apply(c.async()).whenComplete((result, error) -> {
                if (error == null) {
                    breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                } else {
                    failed(start, error);
                    onFailure.run();
                }
            });
        } catch (RuntimeException e) {
            failed(start, e);
            onFailure.run();
        }
    }

    private Unavailable failed(long start, Throwable error) {
        breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, error);
        log.debug("Redis command failed: {}", error.toString());
        return FAILED;
    }

    /** While the breaker is not closed, one PING a second moves it to half-open and back to closed. */
    private void probe() {
        if (closed || connection == null || breaker.getState() == CircuitBreaker.State.CLOSED) {
            return;
        }
        try {
            call(RedisAsyncCommands::ping);
        } catch (Unavailable expected) {
            // still failing; the breaker knows
        }
    }

    // --- connections ----------------------------------------------------------------------------

    private void connectCommands(long delayMs) {
        this.<RedisConnector.Link>open(
                connector::connect,
                RedisConnector.Link::closeAsync,
                (c, retry) -> {
                    connection = c;
                    log.info("Cache connected to Redis at {}", settings.describe());
                    listener.statusChanged();
                },
                delayMs);
    }

    private void connectPubSub(long delayMs) {
        this.<StatefulRedisPubSubConnection<String, byte[]>>open(
                connector::connectPubSub,
                c -> c.closeAsync(),
                (c, retry) -> {
                    c.addListener(new RedisPubSubAdapter<>() {
                        @Override
                        public void message(String channel, byte[] message) {
                            byte[] body = mac.open(channel, message); // a forged eviction or epoch is dropped
                            if (body != null) {
                                listener.message(body);
                            }
                        }

                        @Override
                        public void subscribed(String channel, long count) {
                            subscribed = true;
                            listener.subscribed();
                        }
                    });
                    c.async().subscribe(settings.channel()).whenComplete((ok, subscribeError) -> {
                        if (subscribeError != null) {
                            c.closeAsync();
                            retry.run();
                        } else {
                            pubsub = c;
                        }
                    });
                },
                delayMs);
    }

    /**
     * Opens a connection and hands it to {@code opened} (with the retry to run if it still fails), retrying
     * with backoff while it cannot open; one that opens after the tier closed is closed at once.
     */
    private <C> void open(
            Supplier<? extends CompletionStage<? extends C>> connect,
            Consumer<C> close,
            BiConsumer<C, Runnable> opened,
            long delayMs) {
        if (closed) {
            return;
        }
        Runnable retry = () -> retry(() -> open(connect, close, opened, next(delayMs)), delayMs);
        try {
            connect.get().whenComplete((c, error) -> {
                if (error != null) {
                    log.debug("Redis at {} not reachable yet: {}", settings.describe(), error.toString());
                    retry.run();
                } else if (closed) {
                    close.accept(c);
                } else {
                    opened.accept(c, retry);
                }
            });
        } catch (RuntimeException e) {
            retry.run();
        }
    }

    private void retry(Runnable task, long delayMs) {
        if (!closed) {
            try {
                scheduler.schedule(task, delayMs, TimeUnit.MILLISECONDS);
            } catch (RuntimeException rejected) {
                // shutting down
            }
        }
    }

    private long next(long delayMs) {
        return Math.min(delayMs * 2, Math.max(settings.reconnectDelayMax().toMillis(), FIRST_RETRY_MS));
    }

    @Override
    public void close() {
        closed = true;
        connector.shutdown(); // closes both connections
        resources.shutdown(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(3000);
    }
}
