package dev.brisk.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.brisk.support.Api;
import dev.brisk.support.BriskIntegrationTest;
import dev.brisk.support.Fixtures;
import dev.brisk.support.Node;
import dev.brisk.support.TwoNodes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The API response cache on two nodes sharing PostgreSQL and a private Redis: repeated GETs cost
 * no SQL, ETags give 304s, and a committed change, however it was made, is seen on the next read
 * of every node within a generous bound.
 */
@BriskIntegrationTest
class ResponseCacheIntegrationTest {

    static final Duration BOUND = Duration.ofSeconds(10);

    @RegisterExtension
    static final TwoNodes nodes = new TwoNodes();

    @Autowired
    Fixtures fixtures;

    @Test
    void aRepeatedGetCostsNoSqlAndAMatchingEtagIs304() {
        var org = fixtures.org();
        long id = fixtures.create(org.admin(), "/api/customers", Map.of("name", "Etag Ltd"));
        Api api = nodes.a().api();
        warm(org.member(), id);
        var first = api.get(org.member(), "/api/customers/" + id);
        var second = api.get(org.member(), "/api/customers/" + id);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(second.statements()).isZero();
        assertThat(second.header("Server-Timing")).contains("api=local");
        assertThat(second.header("Cache-Control")).isEqualTo("private, no-cache");
        String etag = second.header("ETag");
        assertThat(etag).isEqualTo(first.header("ETag")).startsWith("\"");

        var notModified = api.send(org.member(), "GET", "/api/customers/" + id, null, null, "If-None-Match", etag);
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(notModified.statements()).isZero();
        assertThat(api.send(org.member(), "GET", "/api/customers/" + id, null, null, "If-None-Match", "\"other\"")
                        .status())
                .isEqualTo(200);

        // a third node, whose memory holds nothing yet, reads the same bytes from Redis
        try (Node c = Node.start(nodes.settings())) {
            var other = c.api().get(org.member(), "/api/customers/" + id);
            assertThat(other.header("ETag")).isEqualTo(etag);
            assertThat(other.header("Server-Timing")).contains("api=redis");
        }
    }

    @Test
    void theCacheSitsBehindAuthenticationAndTenancy() {
        var org = fixtures.org();
        var other = fixtures.org();
        long id = fixtures.create(org.admin(), "/api/customers", Map.of("name", "Private"));
        warm(org.member(), id);
        assertThat(nodes.a().api().get(null, "/api/customers/" + id).status()).isEqualTo(401);
        assertThat(nodes.a().api().get(other.member(), "/api/customers/" + id).status())
                .isEqualTo(404);
        assertThat(nodes.a().api().get(other.member(), "/api/customers").json().get("items"))
                .isEmpty();
    }

    @Test
    void writesThroughTheApiPlainSqlOrAnotherNodeAreSeenEverywhere() {
        var org = fixtures.org();
        long id = fixtures.create(org.admin(), "/api/customers", Map.of("name", "v0"));
        warm(org.member(), id);

        // through the API of node a
        assertThat(nodes.a()
                        .api()
                        .patch(org.admin(), "/api/customers/" + id, "{\"name\":\"v1\"}")
                        .status())
                .isEqualTo(200);
        awaitName(org.member(), id, "v1");

        // plain JDBC, as psql would
        renameBehindBrisk(id, "v2");
        awaitName(org.member(), id, "v2");

        // through the other node
        assertThat(nodes.b()
                        .api()
                        .patch(org.admin(), "/api/customers/" + id, "{\"name\":\"v3\"}")
                        .status())
                .isEqualTo(200);
        awaitName(org.member(), id, "v3");

        // a change to customers also reaches the lists that search by customer name
        long product = fixtures.create(org.admin(), "/api/products", Map.of("sku", "P-1", "name", "p", "price", 100));
        fixtures.create(
                org.admin(),
                "/api/orders",
                Map.of("customerId", id, "items", List.of(Map.of("productId", product, "quantity", 1))));
        assertThat(nodes.a().api().get(org.member(), "/api/orders?q=v3").json().get("items"))
                .hasSize(1);
        renameBehindBrisk(id, "renamed");
        await().atMost(BOUND)
                .untilAsserted(() -> assertThat(nodes.a()
                                .api()
                                .get(org.member(), "/api/orders?q=v3")
                                .json()
                                .get("items"))
                        .isEmpty());
    }

    @Test
    void aClientReadsItsOwnWriteAtOnceOnTheNodeThatTookIt() {
        var org = fixtures.org();
        long id = fixtures.create(org.admin(), "/api/customers", Map.of("name", "r0"));
        warm(org.admin(), id);
        for (int i = 1; i <= 20; i++) {
            String name = "r" + i;
            assertThat(nodes.a()
                            .api()
                            .patch(org.admin(), "/api/customers/" + id, Api.json(Map.of("name", name)))
                            .status())
                    .isEqualTo(200);
            assertThat(nodes.a()
                            .api()
                            .get(org.admin(), "/api/customers/" + id)
                            .json()
                            .get("name")
                            .asString())
                    .isEqualTo(name);
        }
        // a rejected write changed nothing: the writer's next read comes from the cache again
        assertThat(nodes.a()
                        .api()
                        .patch(org.admin(), "/api/customers/" + id, "{\"email\":\"not an address\"}")
                        .status())
                .isEqualTo(400);
        await().atMost(BOUND)
                .until(() ->
                        nodes.a().api().get(org.admin(), "/api/customers/" + id).statements() == 0);
        assertThat(nodes.a()
                        .api()
                        .patch(org.admin(), "/api/customers/" + id, "{\"email\":\"still not\"}")
                        .status())
                .isEqualTo(400);
        assertThat(nodes.a().api().get(org.admin(), "/api/customers/" + id).statements())
                .isZero();
    }

    @Test
    void aChangeInOneOrgLeavesAnotherOrgsEntriesAlone() {
        var org = fixtures.org();
        var other = fixtures.org();
        long mine = fixtures.create(org.admin(), "/api/customers", Map.of("name", "mine"));
        long theirs = fixtures.create(other.admin(), "/api/customers", Map.of("name", "theirs"));
        warm(other.member(), theirs);
        await().atMost(BOUND)
                .until(() ->
                        nodes.a().api().get(other.member(), "/api/customers").statements() == 0);
        renameBehindBrisk(mine, "mine, changed");
        awaitName(org.member(), mine, "mine, changed");
        assertThat(nodes.a()
                        .api()
                        .get(other.member(), "/api/customers/" + theirs)
                        .statements())
                .isZero();
        assertThat(nodes.a().api().get(other.member(), "/api/customers").statements())
                .isZero();
    }

    @Test
    void aFullDashboardRefreshLeavesApiEntriesAlone() {
        var org = fixtures.org();
        var other = fixtures.org();
        long mine = fixtures.create(org.admin(), "/api/customers", Map.of("name", "kept"));
        long theirs = fixtures.create(other.admin(), "/api/customers", Map.of("name", "theirs"));
        warm(org.member(), mine);
        // what every node does at start-up and on its timer: refresh the views for all orgs
        fixtures.jdbc()
                .sql("SELECT refresh_dashboard_summary('manual', NULL)")
                .query()
                .listOfRows();
        // notifications arrive in commit order: once this later change is seen, the refresh was heard
        renameBehindBrisk(theirs, "theirs, changed");
        awaitName(other.member(), theirs, "theirs, changed");
        for (Node node : nodes.both()) {
            assertThat(node.api().get(org.member(), "/api/customers/" + mine).statements())
                    .isZero();
        }
    }

    @Test
    void aKilledListenerConnectionServesNoStaleEntry() {
        var org = fixtures.org();
        long id = fixtures.create(org.admin(), "/api/customers", Map.of("name", "before"));
        warm(org.member(), id);
        fixtures.jdbc().sql("""
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity
                WHERE application_name = 'brisk-change-listener' AND datname = current_database()
                """).query().listOfRows();
        // written while the listeners may be reconnecting: the notification can be lost
        renameBehindBrisk(id, "after");
        awaitName(org.member(), id, "after");
    }

    @Test
    void underABurstOfWritesNoReadWellAfterACommitReturnsOlderData() throws Exception {
        var org = fixtures.org();
        long id = fixtures.create(org.admin(), "/api/customers", Map.of("name", "0"));
        Map<Integer, Long> committedAt = new ConcurrentHashMap<>();
        List<long[]> reads = java.util.Collections.synchronizedList(new ArrayList<>()); // {issuedAt, value}
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Thread> readers = new ArrayList<>();
        for (Node node : nodes.both()) {
            readers.add(Thread.ofVirtual().start(() -> {
                while (writing.get()) {
                    long issued = System.nanoTime();
                    var r = node.api().get(org.member(), "/api/customers/" + id);
                    reads.add(new long[] {
                        issued, Long.parseLong(r.json().get("name").asString())
                    });
                }
            }));
        }
        for (int v = 1; v <= 40; v++) {
            renameBehindBrisk(id, Integer.toString(v));
            committedAt.put(v, System.nanoTime());
            Thread.sleep(25); // the writes' pace: a burst, not one batch
        }
        long bound = Duration.ofSeconds(1).toNanos();
        long wellAfterLast = Collections.max(committedAt.values()) + bound;
        // the readers go on until reads issued well after the last commit have come back
        await().atMost(BOUND).until(() -> {
            synchronized (reads) {
                return reads.stream().filter(read -> read[0] > wellAfterLast).count() >= 4;
            }
        });
        writing.set(false);
        for (Thread t : readers) {
            t.join();
        }
        List<String> stale = new ArrayList<>();
        synchronized (reads) {
            for (long[] read : reads) {
                committedAt.forEach((v, at) -> {
                    if (read[0] > at + bound && read[1] < v) {
                        stale.add("read issued " + (read[0] - at) / 1_000_000 + " ms after commit of " + v + " saw "
                                + read[1]);
                    }
                });
            }
        }
        assertThat(reads).hasSizeGreaterThan(10);
        assertThat(stale).isEmpty();
    }

    @Test
    void clearCacheEmptiesEveryTierOnEveryNode() {
        var org = fixtures.org();
        long id = fixtures.create(org.admin(), "/api/customers", Map.of("name", "cleared"));
        warm(org.member(), id);
        assertThat(nodes.redis().command("DBSIZE")).isNotEqualTo(":0");
        var cleared = nodes.a().api().post(fixtures.operator(), "/api/monitoring/performance?action=clear-cache", null);
        assertThat(cleared.status()).isEqualTo(200);
        await().atMost(BOUND)
                .untilAsserted(
                        () -> assertThat(nodes.redis().command("KEYS api:*")).isEmpty());
        await().atMost(BOUND).untilAsserted(() -> {
            var onB = nodes.b().api().get(org.member(), "/api/customers/" + id);
            assertThat(onB.header("Server-Timing")).contains("auth=miss", "api=miss");
        });
    }

    @Test
    void aWriteToOneRowLeavesItsSiblingsDetailsCached() {
        var org = fixtures.org();
        long changed = fixtures.create(org.admin(), "/api/customers", Map.of("name", "row 42"));
        long sibling = fixtures.create(org.admin(), "/api/customers", Map.of("name", "row 43"));
        warm(org.member(), changed);
        warm(org.member(), sibling);
        warm(org.member(), "/api/customers");

        assertThat(nodes.a()
                        .api()
                        .patch(org.admin(), "/api/customers/" + changed, "{\"name\":\"row 42, renamed\"}")
                        .status())
                .isEqualTo(200);
        awaitName(org.member(), changed, "row 42, renamed"); // the detail and the lists moved on both nodes
        for (Node node : nodes.both()) {
            var other = node.api().get(org.member(), "/api/customers/" + sibling);
            assertThat(other.statements()).as("sibling detail on a node").isZero();
            assertThat(other.json().get("name").asString()).isEqualTo("row 43");
        }

        // an order's detail depends on the order and its items, not on its siblings
        long product = fixtures.create(org.admin(), "/api/products", Map.of("sku", "ROW-1", "name", "p", "price", 100));
        long draft = fixtures.create(
                org.admin(),
                "/api/orders",
                Map.of("customerId", changed, "items", List.of(Map.of("productId", product, "quantity", 1))));
        long other = fixtures.create(
                org.admin(),
                "/api/orders",
                Map.of("customerId", sibling, "items", List.of(Map.of("productId", product, "quantity", 2))));
        for (long order : List.of(draft, other)) {
            warm(org.member(), "/api/orders/" + order);
        }
        assertThat(nodes.b()
                        .api()
                        .patch(
                                org.admin(),
                                "/api/orders/" + draft,
                                Api.json(Map.of("items", List.of(Map.of("productId", product, "quantity", 7)))))
                        .status())
                .isEqualTo(200);
        await().atMost(BOUND).untilAsserted(() -> {
            for (Node node : nodes.both()) {
                assertThat(node.api()
                                .get(org.member(), "/api/orders/" + draft)
                                .json()
                                .get("items")
                                .get(0)
                                .get("quantity")
                                .asInt())
                        .isEqualTo(7);
            }
        });
        for (Node node : nodes.both()) {
            assertThat(node.api().get(org.member(), "/api/orders/" + other).statements())
                    .as("sibling order")
                    .isZero();
        }
    }

    @Test
    void aPsqlUpdateOfManyRowsAtOnceFallsBackToTheWholeTable() {
        var org = fixtures.org();
        var other = fixtures.org();
        long theirs = fixtures.create(other.admin(), "/api/customers", Map.of("name", "other org"));
        fixtures.jdbc().sql("""
                INSERT INTO customers (org_id, name, status)
                SELECT :org, 'bulk ' || n, 'LEAD' FROM generate_series(1, 150) n
                """).param("org", org.id()).update();
        List<Long> ids = fixtures.jdbc()
                .sql("SELECT id FROM customers WHERE org_id = :org ORDER BY id")
                .param("org", org.id())
                .query(Long.class)
                .list();
        assertThat(ids).hasSize(150);
        long first = ids.get(0);
        long last = ids.get(149);
        warm(org.member(), first);
        warm(org.member(), last);
        warm(other.member(), theirs);

        // one statement, 150 rows: more than a notification lists, so every customer detail of the org moves
        fixtures.jdbc()
                .sql("UPDATE customers SET name = name || ' (bulk renamed)' WHERE org_id = :org")
                .param("org", org.id())
                .update();
        awaitName(org.member(), first, "bulk 1 (bulk renamed)");
        awaitName(org.member(), last, "bulk 150 (bulk renamed)");
        for (Node node : nodes.both()) {
            assertThat(node.api()
                            .get(other.member(), "/api/customers/" + theirs)
                            .statements())
                    .as("another org")
                    .isZero();
        }
    }

    @Test
    void theWriterReadingThroughTheOtherNodeSeesTheWriteAtOnce() {
        var org = fixtures.org();
        long id = fixtures.create(org.admin(), "/api/customers", Map.of("name", "w0"));
        warm(org.admin(), id);
        for (int i = 1; i <= 30; i++) {
            String name = "w" + i;
            Node writer = i % 2 == 0 ? nodes.a() : nodes.b();
            Node reader = i % 2 == 0 ? nodes.b() : nodes.a();
            var written = writer.api().patch(org.admin(), "/api/customers/" + id, Api.json(Map.of("name", name)));
            assertThat(written.status()).isEqualTo(200);
            String change = written.header(ReadYourWrites.HEADER);
            assertThat(change).as("the change number of the write").matches("[0-9]+");
            assertThat(written.raw().headers().allValues("Set-Cookie"))
                    .anyMatch(c -> c.startsWith(ReadYourWrites.COOKIE + "=" + change));
            // every other read goes by the cookie, as a browser's would
            var read = i % 4 < 2
                    ? reader.api()
                            .send(org.admin(), "GET", "/api/customers/" + id, null, null, ReadYourWrites.HEADER, change)
                    : reader.api()
                            .send(
                                    org.admin(),
                                    "GET",
                                    "/api/customers/" + id,
                                    null,
                                    null,
                                    "Cookie",
                                    ReadYourWrites.COOKIE + "=" + change);
            assertThat(read.json().get("name").asString())
                    .as("read %d through the other node", i)
                    .isEqualTo(name);
        }
    }

    @Test
    void aNodeThatHasNotHeardTheCallersChangeBypassesTheCacheAndOneThatHasAnswersFromIt() {
        var org = fixtures.org();
        long id = fixtures.create(org.admin(), "/api/customers", Map.of("name", "heard"));
        var written = nodes.a().api().patch(org.admin(), "/api/customers/" + id, "{\"name\":\"heard, really\"}");
        long change = Long.parseLong(written.header(ReadYourWrites.HEADER));
        awaitName(org.member(), id, "heard, really");
        for (Node node : nodes.both()) {
            var heard = node.api()
                    .send(
                            org.admin(),
                            "GET",
                            "/api/customers/" + id,
                            null,
                            null,
                            ReadYourWrites.HEADER,
                            Long.toString(change));
            assertThat(heard.header("Server-Timing")).contains("api=local");
            // a number no node has heard (yet): the read waits briefly, then reads the database
            var ahead = node.api()
                    .send(
                            org.admin(),
                            "GET",
                            "/api/customers/" + id,
                            null,
                            null,
                            ReadYourWrites.HEADER,
                            Long.toString(change + 1_000_000));
            assertThat(ahead.status()).isEqualTo(200);
            assertThat(ahead.header("Server-Timing")).contains("api=bypass-own");
            assertThat(ahead.statements()).isPositive();
            // junk is ignored, not an error
            assertThat(node.api()
                            .send(org.admin(), "GET", "/api/customers/" + id, null, null, ReadYourWrites.HEADER, "soon")
                            .header("Server-Timing"))
                    .contains("api=local");
        }
    }

    @Test
    void equivalentQueriesShareOneEntry() {
        var org = fixtures.org();
        fixtures.create(org.admin(), "/api/customers", Map.of("name", "Key Ltd", "status", "ACTIVE"));
        warm(org.member(), "/api/customers?status=ACTIVE&limit=20");
        Api api = nodes.a().api();
        for (String same : List.of(
                "/api/customers?limit=20&status=ACTIVE",
                "/api/customers?status=ACTIVE",
                "/api/customers?status=ACTIVE&cursor=&limit=20")) {
            assertThat(api.get(org.member(), same).statements()).as(same).isZero();
        }
        warm(org.member(), "/api/customers?status=LEAD&status=ACTIVE");
        assertThat(api.get(org.member(), "/api/customers?status=ACTIVE&status=LEAD")
                        .statements())
                .isZero();
        assertThat(api.get(org.member(), "/api/customers?status=ACTIVE&status=LEAD&status=ACTIVE")
                        .statements())
                .isZero();
        warm(org.member(), "/api/customers");
        assertThat(api.get(org.member(), "/api/customers?limit=20").statements())
                .isZero();
        // a different page size is a different answer
        assertThat(api.get(org.member(), "/api/customers?limit=21").statements())
                .isPositive();
    }

    /** Until both nodes answer {@code path} from memory: a write's notification may still be on its way. */
    private void warm(String token, String path) {
        for (Node node : nodes.both()) {
            await().atMost(BOUND).until(() -> node.api().get(token, path).statements() == 0);
        }
    }

    private void warm(String token, long customer) {
        warm(token, "/api/customers/" + customer);
    }

    /** Plain JDBC, as psql would: Brisk hears of it only through the database's notification. */
    private void renameBehindBrisk(long id, String name) {
        fixtures.jdbc()
                .sql("UPDATE customers SET name = :name WHERE id = :id")
                .param("name", name)
                .param("id", id)
                .update();
    }

    private void awaitName(String token, long id, String name) {
        await().atMost(BOUND).untilAsserted(() -> {
            for (Node node : nodes.both()) {
                assertThat(node.api()
                                .get(token, "/api/customers/" + id)
                                .json()
                                .get("name")
                                .asString())
                        .isEqualTo(name);
                assertThat(node.api()
                                .get(token, "/api/customers?q=" + java.net.URLEncoder.encode(name, "UTF-8"))
                                .json()
                                .get("items")
                                .get(0)
                                .get("id")
                                .asLong())
                        .isEqualTo(id);
            }
        });
    }
}
