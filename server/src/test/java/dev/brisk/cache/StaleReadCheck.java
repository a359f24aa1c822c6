package dev.brisk.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.support.Api;
import dev.brisk.support.BriskIntegrationTest;
import dev.brisk.support.Fixtures;
import dev.brisk.support.Node;
import dev.brisk.support.TwoNodes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The stale-read checker: two nodes, a private Redis, writers through node A, node B and plain
 * SQL, readers on both nodes, and faults (every node's LISTEN connection killed with
 * pg_terminate_backend; Redis killed and restarted). It records when each write was acknowledged
 * and what each read returned, and reports:
 *
 * <ul>
 *   <li>the writer's own reads, each sent right after its write through the <em>other</em> node
 *       with the change number the write answered (as a browser sends the cookie back): stale ones
 *       must be 0;</li>
 *   <li>other users' reads: how much older than the newest acknowledged value each one was
 *       (staleness = time since the first acknowledged write newer than what the read returned);</li>
 *   <li>write-to-visible on the other node for another user: from acknowledgement until that
 *       user sent the first polling read that returned the value (0 when the first read, sent
 *       right after the acknowledgement, already saw it).</li>
 * </ul>
 *
 * <p>Not part of the test suite (its name matches no test pattern): run it by hand with
 * {@code mvn -B test -pl server -Dtest=StaleReadCheck [-Dstale.seconds=60]}; it prints a
 * Markdown report and writes it to target/stale-read-check.md. It asserts only that the writer
 * never read its own write stale, never how long anything took.
 */
@BriskIntegrationTest
class StaleReadCheck {

    static final int CUSTOMERS_PER_WRITER = 5;
    static final long FAULT_EVERY_MILLIS = 8_000;

    @RegisterExtension
    static final TwoNodes nodes = new TwoNodes();

    @Autowired
    Fixtures fixtures;

    /** Per customer: acknowledged values in order, with their acknowledgement time. */
    final Map<Long, List<long[]>> acks = new ConcurrentHashMap<>();
    final ConcurrentLinkedQueue<long[]> otherReads = new ConcurrentLinkedQueue<>(); // {issuedNanos, customer, value, node}
    final ConcurrentLinkedQueue<Long> visibleNanos = new ConcurrentLinkedQueue<>();
    final AtomicLong ownReads = new AtomicLong();
    final ConcurrentLinkedQueue<String> ownStale = new ConcurrentLinkedQueue<>();
    final AtomicLong writes = new AtomicLong();
    final AtomicLong faults = new AtomicLong();
    volatile String prober;

    @Test
    void writersNeverReadTheirOwnWritesStaleAndOthersOnlyBriefly() throws Exception {
        long seconds = Long.getLong("stale.seconds", 60);
        var org = fixtures.org();
        String writerA = org.admin();
        fixtures.user(org.id(), "writer2@" + org.slug() + ".test", "ADMIN");
        String writerB = fixtures.login("writer2@" + org.slug() + ".test");
        List<String> readerTokens = List.of(org.member(), memberToken(org, 2), memberToken(org, 3));
        prober = memberToken(org, 4);

        long[][] owned = new long[3][CUSTOMERS_PER_WRITER]; // writer A, writer B, psql
        for (long[] set : owned) {
            for (int i = 0; i < set.length; i++) {
                set[i] = fixtures.create(org.admin(), "/api/customers", Map.of("name", "0"));
                acks.put(set[i], Collections.synchronizedList(new ArrayList<>(List.of(new long[] {0, System.nanoTime()}))));
            }
        }
        long[] all = Arrays.stream(owned).flatMapToLong(Arrays::stream).toArray();

        AtomicBoolean running = new AtomicBoolean(true);
        List<Thread> threads = new ArrayList<>();
        threads.add(Thread.ofPlatform().name("writer-a").start(() -> apiWriter(running, writerA, owned[0], 0)));
        threads.add(Thread.ofPlatform().name("writer-b").start(() -> apiWriter(running, writerB, owned[1], 1)));
        threads.add(Thread.ofPlatform().name("writer-sql").start(() -> sqlWriter(running, owned[2])));
        for (int r = 0; r < readerTokens.size(); r++) {
            String token = readerTokens.get(r);
            int seed = r;
            threads.add(Thread.ofPlatform().name("reader-" + r).start(() -> reader(running, token, all, seed)));
        }
        threads.add(Thread.ofPlatform().name("faults").start(() -> faults(running)));

        long start = System.nanoTime();
        Thread.sleep(TimeUnit.SECONDS.toMillis(seconds));
        running.set(false);
        for (Thread t : threads) {
            t.join(30_000);
        }
        String report = report((System.nanoTime() - start) / 1e9);
        System.out.println(report);
        Path out = Path.of("target", "stale-read-check.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report);
        assertThat(ownStale).as("the writer's own stale reads").isEmpty();
    }

    private String memberToken(Fixtures.Org org, int n) {
        String email = "reader" + n + "@" + org.slug() + ".test";
        fixtures.user(org.id(), email, "MEMBER");
        return fixtures.login(email);
    }

    /** Writes through alternating nodes, reads its write back at once through the other node, then waits until another user sees it there. */
    private void apiWriter(AtomicBoolean running, String token, long[] customers, int seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int[] versions = new int[customers.length];
        int i = 0;
        while (running.get()) {
            int c = rng.nextInt(customers.length);
            long id = customers[c];
            int value = ++versions[c];
            Node writeNode = nodes.both().get(i % 2);
            Node otherNode = nodes.both().get((i + 1) % 2);
            i++;
            var written = writeNode.api().patch(token, "/api/customers/" + id, Api.json(Map.of("name", Integer.toString(value))));
            long acked = System.nanoTime();
            if (written.status() != 200) {
                versions[c]--;
                continue;
            }
            acks.get(id).add(new long[] {value, acked});
            writes.incrementAndGet();
            String change = written.header(ReadYourWrites.HEADER);
            var own = otherNode.api().send(token, "GET", "/api/customers/" + id, null, null,
                    "Cookie", ReadYourWrites.COOKIE + "=" + (change == null ? "0" : change));
            ownReads.incrementAndGet();
            if (own.status() != 200 || Integer.parseInt(own.json().get("name").asString()) < value) {
                ownStale.add("customer " + id + " wrote " + value + " read " + own.body());
            }
            awaitVisible(otherNode, id, value, acked);
        }
    }

    /** A reader that never wrote (no change number) polls the other node until the write shows. */
    private void awaitVisible(Node node, long id, int value, long acked) {
        String token = prober;
        long deadline = acked + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            long issued = System.nanoTime();
            var r = node.api().get(token, "/api/customers/" + id);
            if (r.status() == 200 && Integer.parseInt(r.json().get("name").asString()) >= value) {
                // the first read that saw it was sent this long after the acknowledgement (its own
                // round trip excluded: on a loaded machine that would dominate)
                visibleNanos.add(issued - acked);
                return;
            }
        }
        visibleNanos.add(Long.MAX_VALUE);
    }

    private void sqlWriter(AtomicBoolean running, long[] customers) {
        SplittableRandom rng = new SplittableRandom(7);
        int[] versions = new int[customers.length];
        while (running.get()) {
            int c = rng.nextInt(customers.length);
            int value = ++versions[c];
            fixtures.jdbc().sql("UPDATE customers SET name = :v WHERE id = :id")
                    .param("v", Integer.toString(value)).param("id", customers[c]).update();
            acks.get(customers[c]).add(new long[] {value, System.nanoTime()});
            writes.incrementAndGet();
            sleep(20);
        }
    }

    private void reader(AtomicBoolean running, String token, long[] customers, int seed) {
        SplittableRandom rng = new SplittableRandom(100 + seed);
        while (running.get()) {
            int n = rng.nextInt(2);
            long id = customers[rng.nextInt(customers.length)];
            long issued = System.nanoTime();
            var r = nodes.both().get(n).api().get(token, "/api/customers/" + id);
            if (r.status() == 200) {
                otherReads.add(new long[] {issued, id, Long.parseLong(r.json().get("name").asString()), n});
            }
        }
    }

    /** Alternately: kill every LISTEN connection of this database; kill Redis, restart it 2 s later. */
    private void faults(AtomicBoolean running) {
        boolean listeners = true;
        while (running.get()) {
            sleep(FAULT_EVERY_MILLIS);
            if (!running.get()) {
                break;
            }
            if (listeners) {
                fixtures.jdbc().sql("""
                        SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                        WHERE application_name = 'brisk-change-listener' AND datname = current_database()
                        """).query().listOfRows();
            } else {
                nodes.redis().kill();
                sleep(2_000);
                nodes.redis().start();
            }
            faults.incrementAndGet();
            listeners = !listeners;
        }
    }

    private String report(double seconds) {
        List<Long> staleness = new ArrayList<>();
        long staleReads = 0;
        for (long[] read : otherReads) {
            List<long[]> history = acks.get(read[1]);
            long firstNewerAck = Long.MAX_VALUE;
            synchronized (history) {
                for (long[] ack : history) {
                    if (ack[0] > read[2] && ack[1] < read[0]) {
                        firstNewerAck = Math.min(firstNewerAck, ack[1]);
                    }
                }
            }
            if (firstNewerAck != Long.MAX_VALUE) {
                staleReads++;
                staleness.add(read[0] - firstNewerAck);
            }
        }
        Collections.sort(staleness);
        List<Long> visible = new ArrayList<>(visibleNanos);
        Collections.sort(visible);
        long neverVisible = visible.stream().filter(v -> v == Long.MAX_VALUE).count();
        StringBuilder md = new StringBuilder();
        md.append("| measure | value |\n|---|---|\n");
        md.append(row("run", String.format("%.0f s, %d acknowledged writes (API on A and B, plain SQL), %d faults", seconds, writes.get(), faults.get())));
        md.append(row("writer's own reads through the other node", ownReads.get() + ", stale: " + ownStale.size()));
        md.append(row("other users' reads", otherReads.size() + ", older than the newest acknowledged value: " + staleReads));
        md.append(row("their staleness p50 / p99 / max ms", staleness.isEmpty() ? "-" : String.format("%.1f / %.1f / %.1f",
                ms(pct(staleness, 0.50)), ms(pct(staleness, 0.99)), ms(staleness.getLast()))));
        md.append(row("other users' reads staler than 100 ms", Long.toString(staleness.stream().filter(s -> s > 100_000_000L).count())));
        md.append(row("write-to-visible on the other node p50 / p99 / max ms", visible.isEmpty() ? "-" : String.format("%.1f / %.1f / %s",
                ms(pct(visible, 0.50)), ms(pct(visible, 0.99)), neverVisible > 0 ? neverVisible + " not within 5 s" : String.format("%.1f", ms(visible.getLast())))));
        return md.toString();
    }

    private static String row(String name, String value) {
        return "| " + name + " | " + value + " |\n";
    }

    private static long pct(List<Long> sorted, double p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p * sorted.size()) - 1));
    }

    private static double ms(long nanos) {
        return nanos == Long.MAX_VALUE ? Double.POSITIVE_INFINITY : nanos / 1e6;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
