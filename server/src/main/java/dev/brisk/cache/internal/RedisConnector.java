package dev.brisk.cache.internal;

import dev.brisk.cache.CacheProperties;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisAdvancedClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How the Redis tier reaches Redis: one server, the master a Sentinel group names (asked again on every
 * reconnect, so a failover is followed), or a Redis Cluster (commands routed by slot, multi-key UNLINK
 * split by slot, SCAN over every master; topology re-read periodically and on MOVED/ASK/reconnect, which
 * Lettuce does not do by default and without which writes to a failed-over slot never recover).
 * Classic pub/sub is cluster-wide: any node's connection hears every PUBLISH.
 */
abstract sealed class RedisConnector {

    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    /** A command connection: its commands (the cluster's behind the same interface) and the connection itself. */
    record Link(RedisAsyncCommands<String, byte[]> async, StatefulConnection<String, byte[]> connection) {
        boolean isOpen() {
            return connection.isOpen();
        }

        void closeAsync() {
            connection.closeAsync();
        }
    }

    static RedisConnector of(CacheProperties.Redis settings, ClientResources resources) {
        return settings.cluster() ? new Cluster(settings, resources) : new Single(settings, resources);
    }

    abstract CompletableFuture<Link> connect();

    abstract CompletableFuture<? extends StatefulRedisPubSubConnection<String, byte[]>> connectPubSub();

    abstract AbstractRedisClient client();

    void addListener(RedisConnectionStateListener listener) {
        client().addListener(listener);
    }

    void shutdown() {
        client().shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }

    private static SocketOptions socket(CacheProperties.Redis settings) {
        return SocketOptions.builder()
                .connectTimeout(settings.connectTimeout())
                .keepAlive(true)
                .build();
    }

    private static RedisURI.Builder credentials(RedisURI.Builder builder, CacheProperties.Redis settings) {
        builder.withTimeout(settings.commandTimeout());
        if (settings.password() != null && !settings.password().isEmpty()) {
            builder.withPassword(settings.password().toCharArray());
        }
        return builder;
    }

    private static RedisURI node(String hostPort, CacheProperties.Redis settings) {
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        int port = colon < 0 ? 6379 : Integer.parseInt(hostPort.substring(colon + 1));
        return credentials(RedisURI.builder().withHost(host).withPort(port), settings)
                .build();
    }

    /** One server, or a Sentinel-monitored master. */
    static final class Single extends RedisConnector {
        private final RedisClient client;
        private final RedisURI uri;

        Single(CacheProperties.Redis settings, ClientResources resources) {
            RedisURI.Builder builder;
            if (settings.sentinel()) {
                List<RedisURI> sentinels = settings.sentinelNodes().stream()
                        .map(n -> node(n, settings))
                        .toList();
                builder = RedisURI.builder()
                        .withSentinelMasterId(settings.sentinelMaster().strip());
                sentinels.forEach(s -> builder.withSentinel(RedisURI.create(s.getHost(), s.getPort())));
            } else {
                builder = RedisURI.builder().withHost(settings.host().strip()).withPort(settings.port());
            }
            this.uri = credentials(builder.withDatabase(settings.database()), settings)
                    .build();
            this.client = RedisClient.create(resources, uri);
            client.setOptions(ClientOptions.builder()
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                    .socketOptions(socket(settings))
                    .build());
        }

        @Override
        CompletableFuture<Link> connect() {
            return client.connectAsync(CODEC, uri).toCompletableFuture().thenApply(c -> new Link(c.async(), c));
        }

        @Override
        CompletableFuture<StatefulRedisPubSubConnection<String, byte[]>> connectPubSub() {
            return client.connectPubSubAsync(CODEC, uri).toCompletableFuture();
        }

        @Override
        AbstractRedisClient client() {
            return client;
        }
    }

    /** A Redis Cluster, from its seed nodes. */
    static final class Cluster extends RedisConnector {
        private static final Map<Method, Method> CLUSTER_METHODS = new ConcurrentHashMap<>();
        private final RedisClusterClient client;

        Cluster(CacheProperties.Redis settings, ClientResources resources) {
            this.client = RedisClusterClient.create(
                    resources,
                    settings.clusterNodes().stream().map(n -> node(n, settings)).toList());
            client.setOptions(ClusterClientOptions.builder()
                    .autoReconnect(true)
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                    .timeoutOptions(TimeoutOptions.enabled(settings.commandTimeout()))
                    .socketOptions(socket(settings))
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enablePeriodicRefresh(settings.topologyRefresh())
                            .enableAllAdaptiveRefreshTriggers()
                            .adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1))
                            .build())
                    .build());
        }

        @Override
        CompletableFuture<Link> connect() {
            return partitions()
                    .thenCompose(loaded -> client.connectAsync(CODEC))
                    .thenApply(c -> new Link(asStandalone(c), c));
        }

        @Override
        CompletableFuture<? extends StatefulRedisPubSubConnection<String, byte[]>> connectPubSub() {
            return partitions().thenCompose(loaded -> client.connectPubSubAsync(CODEC));
        }

        /** connectAsync needs the slot map loaded first (Lettuce: "Partitions not initialized"). */
        private CompletableFuture<Void> partitions() {
            return client.refreshPartitionsAsync().toCompletableFuture();
        }

        @Override
        AbstractRedisClient client() {
            return client;
        }

        /**
         * The cluster's commands behind the standalone interface the tier is written against: the commands
         * the tier uses (GET, SET, UNLINK, PUBLISH, SCAN, PING) have the same signatures on both, so each
         * call goes to the cluster method of that name and parameter types (any other method fails loudly).
         */
        @SuppressWarnings("unchecked")
        private static RedisAsyncCommands<String, byte[]> asStandalone(
                StatefulRedisClusterConnection<String, byte[]> c) {
            RedisAdvancedClusterAsyncCommands<String, byte[]> cluster = c.async();
            return (RedisAsyncCommands<String, byte[]>) Proxy.newProxyInstance(
                    RedisConnector.class.getClassLoader(),
                    new Class<?>[] {RedisAsyncCommands.class},
                    (proxy, method, args) -> {
                        Method target = CLUSTER_METHODS.computeIfAbsent(method, m -> {
                            try {
                                return RedisAdvancedClusterAsyncCommands.class.getMethod(
                                        m.getName(), m.getParameterTypes());
                            } catch (NoSuchMethodException e) {
                                throw new UnsupportedOperationException("not a cluster command: " + m, e);
                            }
                        });
                        try {
                            return target.invoke(cluster, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    });
        }
    }
}
