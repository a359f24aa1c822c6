package dev.brisk.indexes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.brisk.indexes.StatementRecorder.Recorded;
import dev.brisk.platform.Cursor;
import dev.brisk.support.Api;
import dev.brisk.support.Node;
import dev.brisk.support.VolumeDatabase;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

/**
 * Proof at volume that every statement Brisk sends is served by the index docs/db-indexes.md names
 * for it. Builds {@link VolumeDatabase} (220 000 orders and the rest, ~1.3 M rows), starts a Brisk
 * node on it, drives the real API for the big organization (every list with each filter, q
 * search, deep cursors, details, writes), records each executed statement with its bound
 * parameters and EXPLAINs it. The dashboard views' refresh queries (their definitions), the live
 * dashboard query and PostgreSQL's foreign-key checks are EXPLAINed directly. Plans are judged by
 * node types and index names only, never by timings.
 *
 * <p>Every plan is written to target/index-plans.txt; BRISK_KEEP_VOLUME_DB=true keeps the database.
 *
 * <p>The last two tests are the index hygiene checks: every index of V101 is used by one of these
 * plans, and no index is a prefix duplicate of another.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class IndexPlanIntegrationTest {

    static final String PASSWORD = "volume-password-1";
    static final String CURSOR_SECRET = "index-plan-test-cursor-secret";
    /** A table with at least this many rows counts as large: reading all of it is a finding. */
    static final long LARGE_TABLE_ROWS = 10_000;

    /**
     * Refresh and live-dashboard queries aggregate whole tables or join a window to most of a
     * table; there the planner may read a table in full (docs/db-indexes.md, "Full reads").
     * Everything else must go through indexes.
     */
    static final Map<String, Set<String>> FULL_READS_ALLOWED = Map.of(
            "refresh dashboard_summary", Set.of("customers"),
            "refresh dashboard_orders_by_status", Set.of("orders"),
            "refresh dashboard_revenue_daily", Set.of(),
            "refresh dashboard_top_products", Set.of("order_items", "products"),
            "refresh dashboard_top_customers", Set.of("customers"),
            "DashboardRepository.live", Set.of("customers", "order_items", "products"));

    /**
     * Indexes the refresh and live-dashboard plans must use. Since V102 the views read only the
     * small rollup tables (issue 12), so their refreshes need none of the business tables' indexes.
     */
    static final Map<String, Set<String>> REQUIRED = Map.of(
            "refresh dashboard_summary", Set.of(),
            "refresh dashboard_orders_by_status", Set.of(),
            "refresh dashboard_revenue_daily", Set.of(),
            "refresh dashboard_top_products", Set.of(),
            "refresh dashboard_top_customers", Set.of(),
            "DashboardRepository.live",
                    Set.of(
                            "orders_placed_at_idx",
                            "orders_org_status_keyset_idx",
                            "invoices_status_org_keyset_idx",
                            "customers_org_keyset_idx"));

    /** Searches whose best plan depends on the value searched for, and the index it must use. */
    static final Map<String, String> PREPARED_SEARCHES = Map.of(
            "api customers: q selective", "customers_search_trgm_idx",
            "api products: q selective", "products_search_trgm_idx");

    /** An EXPLAINed statement: what ran (or what PostgreSQL would run), and its plan. */
    record Explained(String scenario, String origin, Plan plan) {}

    /** A page-1 scenario and the same list far down through a cursor. */
    record DeepPair(String first, String deep) {}

    private final StatementRecorder recorder = new StatementRecorder();
    private final Map<String, List<String>> expectations = new LinkedHashMap<>();
    private final List<DeepPair> deepPairs = new ArrayList<>();
    private final List<Explained> explained = new ArrayList<>();
    private final List<Explained> preparedSearches = new ArrayList<>();
    private final Map<String, Long> millis = new LinkedHashMap<>();
    private VolumeDatabase volume;
    private Set<String> large;
    private Api api;
    private String token;

    @BeforeAll
    void buildDriveAndExplain() throws Exception {
        assumeTrue(VolumeDatabase.serverAvailable(), "no PostgreSQL on localhost:5432");
        long start = System.nanoTime();
        volume = VolumeDatabase.build(
                PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(PASSWORD));
        millis.putAll(volume.millis());
        large = largeTables();

        long nodeStart = System.nanoTime();
        ApplicationContextInitializer<ConfigurableApplicationContext> register =
                context -> context.getBeanFactory().addBeanPostProcessor(recorder.poolWrapper());
        try (Node node = Node.start(
                Map.of(
                        "spring.datasource.url", volume.url(),
                        "spring.datasource.username", "postgres",
                        "brisk.cache.enabled", "false",
                        "brisk.dashboard.auto-refresh", "false",
                        "brisk.api.cursor-secret", CURSOR_SECRET),
                register)) {
            millis.put("node start", (System.nanoTime() - nodeStart) / 1_000_000);
            long driveStart = System.nanoTime();
            api = node.api();
            drive();
            millis.put("API calls", (System.nanoTime() - driveStart) / 1_000_000);
            // on a connection of Brisk's own pool, with its settings (unwrapped: not recorded)
            try (Connection c =
                    node.bean(DataSource.class).unwrap(HikariDataSource.class).getConnection()) {
                for (Recorded r : recorder.recorded()) {
                    if (PREPARED_SEARCHES.containsKey(r.scenario()) && r.sql().contains("ILIKE")) {
                        preparedSearches.add(new Explained(
                                r.scenario(), r.origin(), Plan.explainAsBriskRunsIt(c, r.sql(), r.parameters())));
                    }
                }
            }
        }

        long explainStart = System.nanoTime();
        try (Connection c = volume.connect()) {
            for (Recorded r : recorder.recorded()) {
                if (Plan.explainable(r.sql())) {
                    explained.add(new Explained(r.scenario(), r.origin(), Plan.explain(c, r.sql(), r.parameters())));
                }
            }
            explainRefreshQueries(c);
            explainLiveDashboard(c);
            explainForeignKeyChecks(c);
        }
        millis.put("EXPLAIN", (System.nanoTime() - explainStart) / 1_000_000);
        millis.put("total", (System.nanoTime() - start) / 1_000_000);
        System.out.println("IndexPlanIntegrationTest volume build and run (ms): " + millis);
        writeReport();
    }

    /** Every plan, for reading after a run: target/index-plans.txt. */
    private void writeReport() throws IOException {
        StringBuilder report = new StringBuilder("Timings (ms): " + millis + "\n\nIndexes used per query:\n");
        Map<String, Set<String>> used = new TreeMap<>();
        explained.forEach(e -> used.computeIfAbsent(e.origin(), k -> new TreeSet<>())
                .addAll(e.plan().indexes()));
        used.forEach((origin, indexes) ->
                report.append("  ").append(origin).append(": ").append(indexes).append('\n'));
        for (Explained e : explained) {
            report.append("\n== ")
                    .append(e.scenario())
                    .append(" / ")
                    .append(e.origin())
                    .append('\n')
                    .append(e.plan().sql().strip())
                    .append('\n')
                    .append(e.plan().outline());
        }
        Files.writeString(Path.of("target", "index-plans.txt"), report);
    }

    /** Drops the volume database, unless BRISK_KEEP_VOLUME_DB=true asks to keep it for a look with psql. */
    @AfterAll
    void dropVolumeDatabase() throws SQLException {
        if (volume != null && !"true".equals(System.getenv("BRISK_KEEP_VOLUME_DB"))) {
            volume.close();
        }
    }

    // ---- the checks -----------------------------------------------------------------------------

    @Test
    @Order(1)
    void noStatementReadsALargeTableInFull() {
        assertThat(large)
                .as("large tables of the volume database")
                .containsAll(List.of("orders", "order_items", "invoices", "customers", "products", "sessions"));
        assertThat(explained.stream()
                        .filter(e -> e.scenario().startsWith("api "))
                        .count())
                .as("API statements recorded and explained")
                .isGreaterThan(100);
        List<String> failures = new ArrayList<>();
        for (Explained e : explained) {
            Set<String> allowed = FULL_READS_ALLOWED.getOrDefault(e.origin(), Set.of());
            List<Plan.Node> whole = e.plan().wholeScans(large).stream()
                    .filter(n -> !allowed.contains(n.relation()))
                    .toList();
            if (!whole.isEmpty()) {
                failures.add(describe(e, "reads in full: " + whole));
            }
        }
        assertThat(failures).as("plans reading a large table in full").isEmpty();
    }

    @Test
    @Order(2)
    void everyApiCallUsesTheIndexItIsDocumentedToUse() {
        assertThat(expectations).hasSizeGreaterThan(60);
        List<String> failures = new ArrayList<>();
        expectations.forEach((scenario, expected) -> {
            List<Explained> plans = explained.stream()
                    .filter(e -> e.scenario().equals(scenario))
                    .toList();
            Set<String> used =
                    plans.stream().flatMap(e -> e.plan().indexes().stream()).collect(Collectors.toSet());
            for (String alternatives : expected) {
                if (Set.of(alternatives.split("\\|")).stream().noneMatch(used::contains)) {
                    failures.add(scenario + ": expected " + alternatives + ", plans:\n"
                            + plans.stream()
                                    .map(e -> e.origin() + ":\n" + e.plan().outline())
                                    .collect(Collectors.joining()));
                }
            }
        });
        assertThat(failures).as("API calls not using their index").isEmpty();
    }

    /**
     * Brisk runs every statement as a server-side prepared statement. After five runs PostgreSQL
     * may switch such a statement to a generic plan, made without the parameter values, which for
     * a selective search walks the whole keyset index instead of the trigram index; Brisk's
     * connections force a plan with the values (plan_cache_mode).
     */
    @Test
    @Order(3)
    void searchesRunRepeatedlyOnBrisksConnectionsKeepTheirIndex() {
        assertThat(preparedSearches).extracting(Explained::scenario).containsAll(PREPARED_SEARCHES.keySet());
        // Brisk sent every list unnamed (planned with its values each time) and everything else
        // prepared on the server, where a primary-key lookup may keep PostgreSQL's generic plan
        List<StatementRecorder.Recorded> lists = recorder.recorded().stream()
                .filter(r -> r.origin().endsWith("Repository.list"))
                .toList();
        assertThat(lists)
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.prepareThreshold()).as(r.origin()).isZero());
        assertThat(recorder.recorded())
                .filteredOn(r -> r.origin().equals("CustomerRepository.find"))
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.prepareThreshold()).isEqualTo(1));
        for (Explained e : preparedSearches) {
            assertThat(e.plan().indexes())
                    .as(e.scenario() + " on its seventh run as Brisk sends it:\n"
                            + e.plan().outline())
                    .contains(PREPARED_SEARCHES.get(e.scenario()));
        }
    }

    @Test
    @Order(3)
    void deepPagesPlanLikeTheFirstPage() {
        assertThat(deepPairs).hasSizeGreaterThan(10);
        List<String> failures = new ArrayList<>();
        for (DeepPair pair : deepPairs) {
            Explained first = listStatement(pair.first());
            Explained deep = listStatement(pair.deep());
            if (!first.plan().shape().equals(deep.plan().shape())) {
                failures.add(pair.deep() + " plans unlike " + pair.first() + ":\n"
                        + first.plan().outline() + "versus\n" + deep.plan().outline());
            }
            if (deep.plan().nodes().stream().anyMatch(n -> n.type().equals("Sort"))) {
                failures.add(describe(deep, "sorts"));
            }
            if (!deep.plan().sql().contains("(t.created_at, t.id) < (")) {
                failures.add(
                        pair.deep() + " did not page by cursor: " + deep.plan().sql());
            }
        }
        assertThat(failures).as("deep pages").isEmpty();
    }

    @Test
    @Order(4)
    void refreshAndLiveDashboardQueriesUseTheirIndexes() {
        List<String> failures = new ArrayList<>();
        REQUIRED.forEach((origin, indexes) -> {
            Explained e = explained.stream()
                    .filter(x -> x.origin().equals(origin))
                    .findFirst()
                    .orElseThrow();
            if (!e.plan().indexes().containsAll(indexes)) {
                failures.add(describe(e, "does not use all of " + indexes));
            }
        });
        assertThat(failures).isEmpty();
    }

    @Test
    @Order(5)
    void everyForeignKeyIsBackedByAFullIndexAndItsCheckUsesIt() throws SQLException {
        List<String> failures = new ArrayList<>();
        try (Connection c = volume.connect()) {
            for (VolumeDatabase.ForeignKey key : volume.foreignKeys()) {
                List<String> backing = backingIndexes(c, key);
                if (backing.isEmpty()) {
                    failures.add(key.name() + ": no index without a predicate starts with " + key.columns());
                    continue;
                }
                if (large.contains(key.table())) {
                    Explained e = explained.stream()
                            .filter(x -> x.origin().equals("fk " + key.name()))
                            .findFirst()
                            .orElseThrow();
                    if (e.plan().indexes().stream().noneMatch(backing::contains)) {
                        failures.add(describe(e, "does not use one of " + backing));
                    }
                }
            }
        }
        assertThat(failures).as("foreign keys").isEmpty();
    }

    @Test
    @Order(6)
    void everyQueryIsDocumentedWithTheIndexesItsPlansUse() throws Exception {
        Map<String, Set<String>> documented = IndexDocs.queries();
        Set<String> v101 = new LinkedHashSet<>(IndexDocs.migrationIndexes());
        Set<String> allIndexes = allIndexNames();
        Map<String, Set<String>> used = new TreeMap<>();
        for (Explained e : explained) {
            // PostgreSQL's own catalog indexes (monitoring's catalog queries) are not Brisk's to document
            used.computeIfAbsent(e.origin(), k -> new TreeSet<>())
                    .addAll(e.plan().indexes().stream()
                            .filter(i -> !i.startsWith("pg_"))
                            .toList());
        }
        assertThat(used.keySet()).as("every statement's origin is known").doesNotContain("(unknown)");
        // every repository method ran (so its statements were planned above), but for the background
        // purges and the expiry of a stored idempotent answer, which no API call reaches
        Set<String> background =
                Set.of("SessionRepository.purgeDead", "IdempotencyStore.purge", "IdempotencyStore.delete");
        assertThat(used.keySet())
                .as("repository methods the API calls exercised")
                .containsAll(IndexDocs.repositoryMethods().stream()
                        .filter(m -> !background.contains(m))
                        .toList());

        List<String> failures = new ArrayList<>();
        used.forEach((origin, indexes) -> {
            Set<String> doc = documented.get(origin);
            if (doc == null) {
                failures.add(origin + " is missing from docs/db-indexes.md (its plans use " + indexes + ")");
                return;
            }
            Set<String> undocumented = new TreeSet<>(indexes);
            undocumented.removeAll(doc);
            if (!undocumented.isEmpty()) {
                failures.add(origin + " uses " + undocumented + ", which docs/db-indexes.md does not list for it");
            }
            // a foreign-key row lists every index the check may take; everyForeignKey... proves one is taken
            Set<String> unproven = doc.stream()
                    .filter(v101::contains)
                    .filter(i -> !indexes.contains(i))
                    .filter(i -> !origin.startsWith("fk "))
                    .collect(Collectors.toCollection(TreeSet::new));
            if (!unproven.isEmpty()) {
                failures.add(origin + ": docs/db-indexes.md lists " + unproven + ", which none of its plans uses");
            }
        });
        documented.forEach((origin, indexes) -> indexes.stream()
                .filter(i -> !allIndexes.contains(i))
                .forEach(i -> failures.add(origin + ": docs/db-indexes.md names " + i + ", which is not an index")));
        assertThat(failures).as("docs/db-indexes.md versus the plans").isEmpty();
    }

    // ---- hygiene ------------------------------------------------------------------------------------

    @Test
    @Order(7)
    void everyIndexOfTheMigrationIsUsedByAPlan() throws Exception {
        List<String> v101 = IndexDocs.migrationIndexes();
        assertThat(v101).hasSizeGreaterThan(10);
        Set<String> used =
                explained.stream().flatMap(e -> e.plan().indexes().stream()).collect(Collectors.toSet());
        assertThat(v101).as("V101 indexes no plan uses").allMatch(used::contains);
    }

    @Test
    @Order(8)
    void noIndexIsAPrefixDuplicateOfAnother() throws SQLException {
        // a (not unique) is redundant when b, on the same table with the same access method,
        // predicate and expressions, starts with a's key columns (same operator classes, same
        // ordering options): b serves every query a serves. Equal definitions count once.
        List<String> duplicates = new ArrayList<>();
        try (Connection c = volume.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("""
                SELECT a.indexrelid::regclass::text, b.indexrelid::regclass::text, a.indrelid::regclass::text
                FROM pg_index a
                JOIN pg_index b ON b.indrelid = a.indrelid AND b.indexrelid <> a.indexrelid
                JOIN pg_class t ON t.oid = a.indrelid AND t.relnamespace = current_schema()::regnamespace
                JOIN pg_class ai ON ai.oid = a.indexrelid
                JOIN pg_class bi ON bi.oid = b.indexrelid
                WHERE NOT a.indisunique
                  AND ai.relam = bi.relam
                  AND a.indnkeyatts <= b.indnkeyatts
                  AND (a.indkey::int2[])[0:a.indnkeyatts - 1] = (b.indkey::int2[])[0:a.indnkeyatts - 1]
                  AND (a.indclass::oid[])[0:a.indnkeyatts - 1] = (b.indclass::oid[])[0:a.indnkeyatts - 1]
                  AND (a.indoption::int2[])[0:a.indnkeyatts - 1] = (b.indoption::int2[])[0:a.indnkeyatts - 1]
                  AND coalesce(pg_get_expr(a.indpred, a.indrelid), '') = coalesce(pg_get_expr(b.indpred, b.indrelid), '')
                  AND coalesce(pg_get_expr(a.indexprs, a.indrelid), '') = coalesce(pg_get_expr(b.indexprs, b.indrelid), '')
                  AND (a.indnkeyatts < b.indnkeyatts OR b.indisunique OR a.indexrelid > b.indexrelid)
                ORDER BY 1, 2
                """)) {
            while (rs.next()) {
                duplicates.add(rs.getString(1) + " is a prefix of " + rs.getString(2) + " on " + rs.getString(3));
            }
        }
        assertThat(duplicates).isEmpty();
    }

    // ---- driving the API --------------------------------------------------------------------------

    private void drive() throws SQLException {
        long org = VolumeDatabase.BIG_ORG;
        long customer = single(
                "SELECT customer_id FROM orders WHERE org_id = ? AND deleted_at IS NULL "
                        + "GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
                org);
        long order =
                single("SELECT id FROM orders WHERE org_id = ? AND deleted_at IS NULL ORDER BY id DESC LIMIT 1", org);
        long invoice =
                single("SELECT id FROM invoices WHERE org_id = ? AND deleted_at IS NULL ORDER BY id DESC LIMIT 1", org);
        long invoicedOrder = single("SELECT order_id FROM invoices WHERE id = ?", invoice);
        long product = single(
                "SELECT id FROM products WHERE org_id = ? AND deleted_at IS NULL AND status = 'ACTIVE' "
                        + "ORDER BY id LIMIT 1",
                org);
        long otherProduct = single(
                "SELECT id FROM products WHERE org_id = ? AND deleted_at IS NULL AND status = 'ACTIVE' "
                        + "ORDER BY id DESC LIMIT 1",
                org);
        long member = single(
                "SELECT id FROM users WHERE org_id = ? AND role = 'MEMBER' AND status = 'ACTIVE' "
                        + "AND deleted_at IS NULL ORDER BY id LIMIT 1",
                org);
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String day = today.minusDays(400).toString();
        String dueDay = today.minusDays(370).toString();
        String createdFrom = today.minusDays(400).toString();
        String createdTo = today.minusDays(371).toString();
        // A selective search looks for one customer by a name nobody else has. The customer is made
        // through the API after ANALYZE, so no statistics sample can contain it and the estimate is
        // the same in every run (a name already in the table is sometimes in the 100-value
        // histogram ANALYZE samples, and then estimated at 1 % of the rows). An unselective one
        // matches most names.
        String rare = "Quackenbush";
        String common = "an";

        // authentication: the login and every authenticated request's session lookup
        recorder.scenario("api auth: login");
        var login = api.post(
                null, "/api/auth/login", Api.json(Map.of("email", VolumeDatabase.ADMIN_EMAIL, "password", PASSWORD)));
        recorder.scenario(null);
        assertThat(login.status()).as(login.toString()).isEqualTo(200);
        expectations.put("api auth: login", List.of("users_email_key"));
        token = login.json().get("token").asString();
        get("auth: me", "/api/auth/me", "sessions_token_hash_key", "users_pkey");

        // customers
        long newCustomer = send(
                        "customers: create",
                        "POST",
                        "/api/customers",
                        Map.of("name", "Zephyrine " + rare, "email", "z.q@example.com"))
                .json()
                .get("id")
                .asLong();
        send(
                "customers: update",
                "PATCH",
                "/api/customers/" + newCustomer,
                Map.of("company", "Plan Ltd"),
                "customers_pkey|customers_org_id_id_key");
        send(
                "customers: delete",
                "DELETE",
                "/api/customers/" + newCustomer,
                null,
                "customers_pkey|customers_org_id_id_key");
        send(
                "customers: restore",
                "POST",
                "/api/customers/" + newCustomer + "/restore",
                null,
                "customers_pkey|customers_org_id_id_key");
        get("customers: list", "/api/customers", "customers_org_keyset_idx");
        get("customers: status", "/api/customers?status=CHURNED", "customers_org_keyset_idx");
        get(
                "customers: created range",
                "/api/customers?createdFrom=" + createdFrom + "&createdTo=" + createdTo,
                "customers_org_keyset_idx");
        var found = get("customers: q selective", "/api/customers?q=" + rare, "customers_search_trgm_idx");
        assertThat(found.json().get("items").size())
                .as("customers named " + rare)
                .isEqualTo(1);
        get("customers: q unselective", "/api/customers?q=" + common, "customers_org_keyset_idx");
        String customersDeep = cursor("customers", "customers", org, 20_000);
        deep(
                "customers: list",
                "customers: list, page 1000",
                "/api/customers?cursor=" + customersDeep,
                "customers_org_keyset_idx");
        deep(
                "customers: status",
                "customers: status, deep",
                "/api/customers?status=CHURNED&cursor=" + customersDeep,
                "customers_org_keyset_idx");
        deep(
                "customers: q unselective",
                "customers: q unselective, deep",
                "/api/customers?q=" + common + "&cursor=" + customersDeep,
                "customers_org_keyset_idx");
        get("customers: get", "/api/customers/" + customer, "customers_pkey|customers_org_id_id_key");

        // products (the table is under ANALYZE's 30 000-row sample, so its statistics cover every row
        // and the estimates do not vary between runs)
        long newProduct = send(
                        "products: create",
                        "POST",
                        "/api/products",
                        Map.of("sku", "PLAN-1", "name", "Plan Product", "price", 1234))
                .json()
                .get("id")
                .asLong();
        send(
                "products: update",
                "PATCH",
                "/api/products/" + newProduct,
                Map.of("price", 1500),
                "products_pkey|products_org_id_id_key");
        send("products: delete", "DELETE", "/api/products/" + newProduct, null, "products_pkey|products_org_id_id_key");
        send(
                "products: restore",
                "POST",
                "/api/products/" + newProduct + "/restore",
                null,
                "products_pkey|products_org_id_id_key");
        get("products: list", "/api/products", "products_org_keyset_idx");
        get("products: status", "/api/products?status=ARCHIVED", "products_org_keyset_idx");
        get("products: q selective", "/api/products?q=SKU-0425", "products_search_trgm_idx");
        get("products: q unselective", "/api/products?q=desk", "products_org_keyset_idx");
        // deep, yet with enough archived products (2.5 % of the live ones) after the cursor to fill a
        // page: with fewer, reading them all and sorting is the better plan for the status filter
        String productsDeep = cursor("products", "products", org, 1_000);
        deep(
                "products: list",
                "products: list, page 50",
                "/api/products?cursor=" + productsDeep,
                "products_org_keyset_idx");
        deep(
                "products: status",
                "products: status, deep",
                "/api/products?status=ARCHIVED&cursor=" + productsDeep,
                "products_org_keyset_idx");
        get("products: get", "/api/products/" + product, "products_pkey|products_org_id_id_key");

        // orders: the new customer's order first (created, items replaced, placed), then the lists
        var created = send(
                "orders: create",
                "POST",
                "/api/orders",
                Map.of("customerId", newCustomer, "items", List.of(Map.of("productId", product, "quantity", 2))),
                "customers_pkey|customers_org_id_id_key");
        long newOrder = created.json().get("id").asLong();
        send(
                "orders: replace items",
                "PATCH",
                "/api/orders/" + newOrder,
                Map.of(
                        "items",
                        List.of(
                                Map.of("productId", product, "quantity", 1),
                                Map.of("productId", otherProduct, "quantity", 3))),
                "order_items_org_order_idx");
        send(
                "orders: place",
                "PATCH",
                "/api/orders/" + newOrder,
                Map.of("status", "PLACED"),
                "orders_pkey|orders_org_id_id_key");
        get("orders: list", "/api/orders", "orders_org_keyset_idx");
        get("orders: status", "/api/orders?status=PAID", "orders_org_status_keyset_idx");
        get("orders: rare status", "/api/orders?status=DRAFT", "orders_org_status_keyset_idx");
        get("orders: two statuses", "/api/orders?status=PLACED&status=PAID", "orders_org_keyset_idx");
        get("orders: placed on a day", "/api/orders?placedFrom=" + day + "&placedTo=" + day, "orders_placed_at_idx");
        get(
                "orders: created range",
                "/api/orders?createdFrom=" + createdFrom + "&createdTo=" + createdTo,
                "orders_org_keyset_idx");
        get("orders: customer", "/api/orders?customerId=" + customer, "orders_org_customer_idx");
        var ordersFound = get(
                "orders: q selective", "/api/orders?q=" + rare, "customers_search_trgm_idx", "orders_org_customer_idx");
        assertThat(ordersFound.json().get("items").size())
                .as("orders of the customer named " + rare)
                .isEqualTo(1);
        get("orders: q unselective", "/api/orders?q=" + common, "orders_org_keyset_idx");
        String ordersDeep = cursor("orders", "orders", org, 20_000);
        deep("orders: list", "orders: list, page 1000", "/api/orders?cursor=" + ordersDeep, "orders_org_keyset_idx");
        deep(
                "orders: status",
                "orders: status, deep",
                "/api/orders?status=PAID&cursor=" + ordersDeep,
                "orders_org_status_keyset_idx");
        deep(
                "orders: rare status",
                "orders: rare status, deep",
                "/api/orders?status=DRAFT&cursor=" + ordersDeep,
                "orders_org_status_keyset_idx");
        deep(
                "orders: two statuses",
                "orders: two statuses, deep",
                "/api/orders?status=PLACED&status=PAID&cursor=" + ordersDeep,
                "orders_org_keyset_idx");
        deep(
                "orders: q unselective",
                "orders: q unselective, deep",
                "/api/orders?q=" + common + "&cursor=" + ordersDeep,
                "orders_org_keyset_idx");
        get("orders: get", "/api/orders/" + order, "orders_pkey|orders_org_id_id_key", "order_items_org_order_idx");

        // invoices: the new order's invoice first (created, due date changed, paid, deleted, restored)
        long newInvoice = send(
                        "invoices: create",
                        "POST",
                        "/api/invoices",
                        Map.of("orderId", newOrder, "status", "SENT"),
                        "invoices_one_live_per_order")
                .json()
                .get("id")
                .asLong();
        send(
                "invoices: change due date",
                "PATCH",
                "/api/invoices/" + newInvoice,
                Map.of("dueDate", today.plusDays(45).toString()),
                "invoices_pkey");
        send("invoices: pay", "PATCH", "/api/invoices/" + newInvoice, Map.of("status", "PAID"), "invoices_pkey");
        send("invoices: delete", "DELETE", "/api/invoices/" + newInvoice, null, "invoices_pkey");
        send(
                "invoices: restore",
                "POST",
                "/api/invoices/" + newInvoice + "/restore",
                null,
                "invoices_pkey",
                "invoices_one_live_per_order");
        get("invoices: list", "/api/invoices", "invoices_org_keyset_idx");
        get("invoices: status", "/api/invoices?status=OVERDUE", "invoices_status_org_keyset_idx");
        get("invoices: two statuses", "/api/invoices?status=SENT&status=OVERDUE", "invoices_org_keyset_idx");
        get(
                "invoices: due on a day",
                "/api/invoices?dueFrom=" + dueDay + "&dueTo=" + dueDay,
                "invoices_org_due_date_idx");
        get("invoices: customer", "/api/invoices?customerId=" + customer, "invoices_org_customer_idx");
        get("invoices: order", "/api/invoices?orderId=" + invoicedOrder, "invoices_org_order_idx");
        var invoicesFound = get(
                "invoices: q selective",
                "/api/invoices?q=" + rare,
                "customers_search_trgm_idx",
                "invoices_org_customer_idx");
        assertThat(invoicesFound.json().get("items").size())
                .as("invoices of the customer named " + rare)
                .isEqualTo(1);
        get("invoices: q unselective", "/api/invoices?q=" + common, "invoices_org_keyset_idx");
        String invoicesDeep = cursor("invoices", "invoices", org, 20_000);
        deep(
                "invoices: list",
                "invoices: list, page 1000",
                "/api/invoices?cursor=" + invoicesDeep,
                "invoices_org_keyset_idx");
        deep(
                "invoices: status",
                "invoices: status, deep",
                "/api/invoices?status=OVERDUE&cursor=" + invoicesDeep,
                "invoices_status_org_keyset_idx");
        deep(
                "invoices: two statuses",
                "invoices: two statuses, deep",
                "/api/invoices?status=SENT&status=OVERDUE&cursor=" + invoicesDeep,
                "invoices_org_keyset_idx");
        get("invoices: get", "/api/invoices/" + invoice, "invoices_pkey");

        // orders: delete and restore (after invoicing, which needs a live order)
        send("orders: delete", "DELETE", "/api/orders/" + newOrder, null, "orders_pkey|orders_org_id_id_key");
        send(
                "orders: restore",
                "POST",
                "/api/orders/" + newOrder + "/restore",
                null,
                "orders_pkey|orders_org_id_id_key");
        // an order whose customer is deleted too cannot be restored (409 naming the customer)
        long orphanOwner = send("orders: orphan's customer", "POST", "/api/customers", Map.of("name", "Orphan " + rare))
                .json()
                .get("id")
                .asLong();
        long orphan = send(
                        "orders: orphan",
                        "POST",
                        "/api/orders",
                        Map.of(
                                "customerId",
                                orphanOwner,
                                "items",
                                List.of(Map.of("productId", otherProduct, "quantity", 1))))
                .json()
                .get("id")
                .asLong();
        send("orders: orphan deleted", "DELETE", "/api/orders/" + orphan, null);
        send("orders: orphan's customer deleted", "DELETE", "/api/customers/" + orphanOwner, null);
        assertThat(raw("orders: restore under a deleted customer", "POST", "/api/orders/" + orphan + "/restore", null)
                        .status())
                .isEqualTo(409);
        // a create with an Idempotency-Key, then its replay
        String keyed = Api.json(Map.of("name", "Keyed " + rare));
        assertThat(raw("customers: create with a key", "POST", "/api/customers", keyed, "Idempotency-Key", "plan-key-1")
                        .status())
                .isEqualTo(201);
        assertThat(raw("customers: replay of a key", "POST", "/api/customers", keyed, "Idempotency-Key", "plan-key-1")
                        .header("Idempotent-Replayed"))
                .isEqualTo("true");
        // a password change ends the user's other sessions
        send(
                "auth: password",
                "POST",
                "/api/auth/password",
                Map.of("currentPassword", PASSWORD, "newPassword", PASSWORD));

        // users
        get("users: list", "/api/users", "users_org_keyset_idx");
        get("users: status", "/api/users?status=DISABLED", "users_org_keyset_idx");
        get("users: q", "/api/users?q=user1", "users_org_keyset_idx");
        String usersDeep = cursor("users", "users", org, 800);
        deep("users: list", "users: list, deep", "/api/users?cursor=" + usersDeep, "users_org_keyset_idx");
        get("users: get", "/api/users/" + member, "users_pkey");
        long newUser = send(
                        "users: create",
                        "POST",
                        "/api/users",
                        Map.of(
                                "email",
                                "plan.user@volume-1.test",
                                "name",
                                "Plan User",
                                "password",
                                "plan-user-password",
                                "role",
                                "MEMBER"))
                .json()
                .get("id")
                .asLong();
        send("users: rename", "PATCH", "/api/users/" + newUser, Map.of("name", "Plan User 2"), "users_pkey");
        send(
                "users: disable",
                "PATCH",
                "/api/users/" + member,
                Map.of("status", "DISABLED"),
                "users_pkey",
                "sessions_user_idx");

        // dashboard (one call of get_dashboard_summary over the views) and monitoring
        get("dashboard", "/api/dashboard");
        // monitoring is the platform operator's
        token = api.post(
                        null,
                        "/api/auth/login",
                        Api.json(Map.of("email", VolumeDatabase.OPERATOR_EMAIL, "password", PASSWORD)))
                .json()
                .get("token")
                .asString();
        get("monitoring", "/api/monitoring/performance");
        send("auth: logout", "POST", "/api/auth/logout", null, "sessions_token_hash_key");
    }

    private Api.Response get(String scenario, String path, String... expected) {
        return send(scenario, "GET", path, null, expected);
    }

    private void deep(String first, String scenario, String path, String... expected) {
        get(scenario, path, expected);
        deepPairs.add(new DeepPair("api " + first, "api " + scenario));
    }

    /** A recorded API call whose answer the caller checks itself (any status), with extra headers. */
    private Api.Response raw(String scenario, String method, String path, String json, String... headers) {
        recorder.scenario("api " + scenario);
        try {
            return api.send(token, method, path, json, json == null ? null : "application/json", headers);
        } finally {
            recorder.scenario(null);
        }
    }

    private Api.Response send(String scenario, String method, String path, Object body, String... expected) {
        String label = "api " + scenario;
        recorder.scenario(label);
        Api.Response response;
        try {
            response = api.send(
                    token,
                    method,
                    path,
                    body == null ? null : Api.json(body),
                    body == null ? null : "application/json");
        } finally {
            recorder.scenario(null);
        }
        assertThat(response.status())
                .as("%s %s %s", scenario, method, path + ": " + response)
                .isBetween(200, 299);
        expectations.put(label, List.of(expected));
        return response;
    }

    /** A cursor at row {@code depth} of the org's list (newest first), signed as the node signs it. */
    private String cursor(String resource, String table, long org, long depth) throws SQLException {
        try (Connection c = volume.connect();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT created_at, id FROM " + table + " WHERE org_id = ? AND deleted_at IS NULL "
                                + "ORDER BY created_at DESC, id DESC OFFSET ? LIMIT 1")) {
            ps.setLong(1, org);
            ps.setLong(2, depth);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next())
                        .as("%s has more than %d rows", table, depth)
                        .isTrue();
                Instant at = rs.getObject(1, OffsetDateTime.class).toInstant();
                String cursor =
                        Cursor.of(at, rs.getLong(2)).encode(resource, CURSOR_SECRET.getBytes(StandardCharsets.UTF_8));
                return URLEncoder.encode(cursor, StandardCharsets.UTF_8);
            }
        }
    }

    private long single(String sql, Object... params) throws SQLException {
        try (Connection c = volume.connect();
                PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as(sql).isTrue();
                return rs.getLong(1);
            }
        }
    }

    // ---- queries explained directly -------------------------------------------------------------

    /** Each dashboard view's defining query: what REFRESH MATERIALIZED VIEW runs. */
    private void explainRefreshQueries(Connection c) throws SQLException {
        Map<String, String> definitions = new TreeMap<>();
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT matviewname, definition FROM pg_matviews WHERE schemaname = current_schema()")) {
            while (rs.next()) {
                definitions.put(rs.getString(1), rs.getString(2));
            }
        }
        assertThat(definitions)
                .containsKeys(
                        "dashboard_summary",
                        "dashboard_orders_by_status",
                        "dashboard_revenue_daily",
                        "dashboard_top_products",
                        "dashboard_top_customers");
        definitions.forEach((view, sql) -> {
            if (!view.equals("dashboard_as_of")) {
                explained.add(new Explained(
                        "refresh",
                        "refresh " + view,
                        explainPlain(c, sql.strip().replaceAll(";$", ""))));
            }
        });
    }

    /** DashboardRepository.live for the big org (the API does not send it today; see the docs). */
    private void explainLiveDashboard(Connection c) throws Exception {
        var field = Class.forName("dev.brisk.dashboard.DashboardRepository").getDeclaredField("LIVE");
        field.setAccessible(true);
        String sql = ((String) field.get(null))
                .replace("CAST(:asOf AS timestamptz)", "CAST(NULL AS timestamptz)")
                .replace(":orgId", Long.toString(VolumeDatabase.BIG_ORG));
        explained.add(new Explained("live dashboard", "DashboardRepository.live", explainPlain(c, sql)));
    }

    /**
     * The check PostgreSQL runs for each foreign key when a referenced row is deleted or its key
     * changes (ri_triggers.c: SELECT 1 FROM ONLY child x WHERE col = $1 ... FOR KEY SHARE OF x),
     * for a key no row references (the case in which the delete goes through, so the check must
     * find nothing without reading the table): an unknown id, within the big org for the
     * (org_id, id) keys.
     */
    private void explainForeignKeyChecks(Connection c) throws SQLException {
        for (VolumeDatabase.ForeignKey key : volume.foreignKeys()) {
            String where = key.columns().stream()
                    .map(col -> col + " = "
                            + (col.equals("org_id") && key.columns().size() > 1 ? VolumeDatabase.BIG_ORG : -1))
                    .collect(Collectors.joining(" AND "));
            explained.add(new Explained(
                    "foreign key check",
                    "fk " + key.name(),
                    explainPlain(
                            c, "SELECT 1 FROM ONLY " + key.table() + " x WHERE " + where + " FOR KEY SHARE OF x")));
        }
    }

    private static Plan explainPlain(Connection c, String sql) {
        try {
            return Plan.explain(c, sql, List.of());
        } catch (SQLException e) {
            throw new IllegalStateException("EXPLAIN failed for: " + sql, e);
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------

    private Explained listStatement(String scenario) {
        List<Explained> lists = explained.stream()
                .filter(e -> e.scenario().equals(scenario) && e.origin().endsWith("Repository.list"))
                .toList();
        assertThat(lists).as("the list statement of %s", scenario).hasSize(1);
        return lists.get(0);
    }

    private static String describe(Explained e, String problem) {
        return e.scenario() + " / " + e.origin() + " " + problem + "\n"
                + e.plan().sql() + "\n" + e.plan().outline();
    }

    private Set<String> largeTables() throws SQLException {
        Set<String> tables = new TreeSet<>();
        try (Connection c = volume.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(
                        "SELECT relname FROM pg_class WHERE relkind = 'r' AND relnamespace = current_schema()::regnamespace "
                                + "AND reltuples >= " + LARGE_TABLE_ROWS)) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    private Set<String> allIndexNames() throws SQLException {
        Set<String> names = new TreeSet<>();
        try (Connection c = volume.connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT indexname FROM pg_indexes WHERE schemaname = current_schema()")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    /** Indexes without a predicate whose first key columns are exactly the foreign key's columns. */
    private static List<String> backingIndexes(Connection c, VolumeDatabase.ForeignKey key) throws SQLException {
        List<String> names = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement("""
                SELECT i.indexrelid::regclass::text,
                       array(SELECT a.attname FROM unnest((i.indkey::int2[])[0:i.indnkeyatts - 1]) WITH ORDINALITY k(n, o)
                             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n ORDER BY k.o)
                FROM pg_index i
                WHERE i.indrelid = ?::regclass AND i.indpred IS NULL AND i.indexprs IS NULL
                """)) {
            ps.setString(1, key.table());
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> columns = List.of((String[]) rs.getArray(2).getArray());
                    if (columns.size() >= key.columns().size()
                            && Set.copyOf(columns.subList(0, key.columns().size()))
                                    .equals(Set.copyOf(key.columns()))) {
                        names.add(rs.getString(1));
                    }
                }
            }
        }
        return names;
    }
}
