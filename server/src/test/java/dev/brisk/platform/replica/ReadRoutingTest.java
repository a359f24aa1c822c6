package dev.brisk.platform.replica;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.platform.Caller;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.util.unit.DataSize;

/** The routing rules on positions alone (no database): what may read a replica, and what may be cached. */
class ReadRoutingTest {

    private final Replica replica =
            new Replica("replica-1", "jdbc:postgresql://r/brisk", "jdbc:postgresql://r/brisk", null, null);
    private final ReadRouting routing = new ReadRouting(
            List.of(replica),
            new ReplicaProperties(
                    List.of("jdbc:postgresql://r/brisk"),
                    2,
                    Duration.ofMillis(100),
                    DataSize.ofMegabytes(16),
                    Duration.ofMillis(250)),
            new SimpleMeterRegistry());

    @AfterEach
    void clear() {
        SecurityContextHolder.clearContext();
    }

    @Test
    void nothingReadsAReplicaBeforeTheNodeKnowsWhatItHasHeard() {
        replica.polled(Lsn.parse("0/5000"), Lsn.parse("0/5000"));
        try (var scope = routing.openReadScope()) {
            assertThat(routing.replicaForRead()).isNull();
            routing.heard("0/5000");
            assertThat(routing.replicaForRead()).isSameAs(replica);
        }
        assertThat(routing.replicaForRead()).as("outside a read scope").isNull();
    }

    @Test
    void aReplicaBehindAHeardChangeTakesNoRead() {
        routing.heard("0/5000");
        replica.polled(Lsn.parse("0/4FFF"), Lsn.parse("0/5000"));
        try (var scope = routing.openReadScope()) {
            assertThat(routing.replicaForRead()).isNull();
            replica.polled(Lsn.parse("0/5000"), Lsn.parse("0/5000"));
            assertThat(routing.replicaForRead()).isSameAs(replica);
        }
    }

    @Test
    void aValueReadFromAReplicaIsNotCachedOnceTheNodeHearsOfALaterChange() {
        routing.heard("0/5000");
        replica.polled(Lsn.parse("0/5000"), Lsn.parse("0/5000"));
        try (var scope = routing.openReadScope()) {
            assertThat(ReadRouting.storable()).as("nothing read yet").isTrue();
            assertThat(routing.replicaForRead()).isSameAs(replica);
            assertThat(ReadRouting.storable()).isTrue();
            routing.heard("0/6000"); // a change heard while the read ran: its generation may already be in the key
            assertThat(ReadRouting.storable()).isFalse();
        }
        assertThat(ReadRouting.storable()).as("no scope, primary reads").isTrue();
    }

    @Test
    void aWriterReadsThePrimaryUntilAReplicaHasReplayedItsWrite() {
        SecurityContextHolder.getContext()
                .setAuthentication(new UsernamePasswordAuthenticationToken(
                        new Caller(7, 1, "a@b", Caller.Role.MEMBER), null, List.of()));
        routing.heard("0/5000");
        replica.polled(Lsn.parse("0/5000"), Lsn.parse("0/5000"));
        try (var scope = routing.openReadScope()) {
            routing.writeStarted(7);
            assertThat(routing.replicaForRead()).as("write in progress").isNull();
            routing.writeEnded(7, "0/7000");
            assertThat(routing.replicaForRead()).as("replica behind the write").isNull();
            replica.polled(Lsn.parse("0/7000"), Lsn.parse("0/7000"));
            assertThat(routing.replicaForRead()).isSameAs(replica);
            routing.writeStarted(7);
            routing.writeEnded(7, null); // failed: nothing to wait for
            assertThat(routing.replicaForRead()).isSameAs(replica);
        }
        routing.heard("0/7000");
        routing.prune();
        assertThat(routing.pendingWrites()).isZero();
    }

    @Test
    void aDownOrFarBehindReplicaTakesNoRead() {
        routing.heard("0/5000");
        replica.polled(
                Lsn.parse("0/5000"),
                Lsn.parse("0/5000") + DataSize.ofMegabytes(17).toBytes());
        try (var scope = routing.openReadScope()) {
            assertThat(routing.replicaForRead()).as("beyond max-lag").isNull();
            replica.polled(Lsn.parse("0/5000"), Lsn.parse("0/5000"));
            replica.down("test");
            assertThat(routing.replicaForRead()).isNull();
        }
    }

    @Test
    void anAbsentAnswerFromAReplicaIsAskedOfThePrimary() {
        routing.heard("0/5000");
        replica.polled(Lsn.parse("0/5000"), Lsn.parse("0/5000"));
        AtomicInteger onReplica = new AtomicInteger();
        AtomicInteger onPrimary = new AtomicInteger();
        try (var scope = routing.openReadScope()) {
            Optional<String> found = ReadRouting.absentConfirmedOnPrimary(() -> {
                if (routing.replicaForRead() != null) {
                    onReplica.incrementAndGet();
                    return Optional.empty();
                }
                onPrimary.incrementAndGet();
                return Optional.of("session");
            });
            assertThat(found).contains("session");
        }
        assertThat(onReplica).hasValue(1);
        assertThat(onPrimary).hasValue(1);
    }

    @Test
    void positionsCompareAsUnsignedNumbers() {
        assertThat(Lsn.parse("1/0")).isGreaterThan(Lsn.parse("0/FFFFFFFF"));
        assertThat(Lsn.format(Lsn.parse("16/B374D848"))).isEqualTo("16/B374D848");
    }
}
