package dev.brisk.platform.replica;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Streaming read replicas of the primary database.
 *
 * @param urls           JDBC URLs of the replicas (BRISK_REPLICA_URL, comma-separated); empty = every read on the primary
 * @param poolSize       connections per replica
 * @param pollInterval   how often each replica's replay position (and the primary's WAL position) is read
 * @param maxLag         a replica further behind the primary than this takes no reads until it catches up
 * @param connectTimeout how long a read waits for a replica connection before it goes to the primary
 */
@ConfigurationProperties("brisk.replicas")
public record ReplicaProperties(
        @DefaultValue List<String> urls,
        @DefaultValue("10") int poolSize,
        @DefaultValue("100ms") Duration pollInterval,
        @DefaultValue("16MB") DataSize maxLag,
        @DefaultValue("250ms") Duration connectTimeout) {

    public ReplicaProperties {
        urls = urls == null
                ? List.of()
                : urls.stream().map(String::strip).filter(u -> !u.isEmpty()).toList();
    }
}
