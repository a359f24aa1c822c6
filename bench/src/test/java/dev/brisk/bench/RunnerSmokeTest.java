package dev.brisk.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.brisk.bench.run.LoadRunner;
import dev.brisk.bench.run.Report;
import dev.brisk.bench.run.Results;
import dev.brisk.bench.run.RunConfig;
import dev.brisk.bench.run.Scenario;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every scenario for about two seconds against {@link StubBrisk}: the runner's HTTP, Server-Timing
 * parsing, histograms, hooks, timeline and report, checked against the stub's known answers.
 */
class RunnerSmokeTest {

    private static StubBrisk stub;
    private static Results.Run run;
    private static Map<String, Results.Scenario> byName;
    private static final List<Double> hookTimes = new java.util.concurrent.CopyOnWriteArrayList<>();
    private static final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeAll
    static void runAllScenarios() throws Exception {
        stub = new StubBrisk(3);
        long[] start = new long[1];
        RunConfig.Hook kill = () -> {
            hookTimes.add((System.nanoTime() - start[0]) / 1e9);
            stub.redisDown = true;
        };
        RunConfig.Hook restart = () -> {
            hookTimes.add((System.nanoTime() - start[0]) / 1e9);
            stub.redisDown = false;
        };
        RunConfig config = RunConfig.builder(stub.baseUrl())
                .label("smoke")
                .scenarios(Scenario.all().toArray(Scenario[]::new))
                .users(4)
                .duration(Duration.ofMillis(2000))
                .warmup(Duration.ofMillis(300))
                .coldRequests(50)
                .timeout(Duration.ofSeconds(5))
                .hooks(new RunConfig.Hooks(kill, restart, 0.5, 0.75))
                .log(new PrintStream(log, true, StandardCharsets.UTF_8))
                .build();
        start[0] = System.nanoTime();
        run = new LoadRunner(config).run();
        byName = run.scenarios().stream().collect(Collectors.toMap(Results.Scenario::scenario, Function.identity()));
    }

    @AfterAll
    static void stop() {
        if (stub != null) {
            stub.close();
        }
    }

    @Test
    void setupDiscoversOrganizationsAndPools() {
        assertThat(run.setup().orgs()).isEqualTo(3);
        assertThat(run.setup().sessions()).isEqualTo(4); // min(users 4, 2 x 3 orgs)
        assertThat(run.setup().endpointStatus())
                .containsOnlyKeys("customers", "products", "orders", "invoices", "dashboard", "monitoring")
                .allSatisfy((k, v) -> assertThat(v).isEqualTo(200));
        assertThat(run.setup().notes()).isEmpty();
        assertThat(run.setup().pools()).allSatisfy((k, v) -> assertThat(v).isEqualTo(3 * 20));
        assertThat(run.scenarios())
                .extracting(Results.Scenario::scenario)
                .containsExactly("cold", "warm", "high-load", "cache-miss", "redis-down", "floor", "dashboard");
    }

    @Test
    void everyScenarioMeasuresLatencyThroughputAndServerTiming() {
        for (Results.Scenario s : run.scenarios()) {
            assertThat(s.requests()).as(s.scenario()).isPositive();
            assertThat(s.throughput()).as(s.scenario()).isPositive();
            assertThat(s.mode()).isEqualTo("closed-loop");
            Results.Latency l = s.latency();
            assertThat(l.count()).as(s.scenario()).isGreaterThanOrEqualTo(s.requests());
            assertThat(l.p50()).isPositive().isLessThanOrEqualTo(l.p95());
            assertThat(l.p95()).isLessThanOrEqualTo(l.p99());
            assertThat(l.p99()).isLessThanOrEqualTo(l.max());
            assertThat(s.serviceTime().count()).isEqualTo(s.requests());
            // every stub answer with a Server-Timing says total 0.5 ms
            assertThat(s.serverTime().p50()).as(s.scenario()).isEqualTo(0.5);
            assertThat(s.operations().stream()
                            .mapToLong(Results.Operation::requests)
                            .sum())
                    .isEqualTo(s.requests());
            assertThat(s.cache().values().stream().mapToLong(Long::longValue).sum())
                    .isLessThanOrEqualTo(s.requests());
            assertThat(s.timeline()).isNotEmpty();
            assertThat(s.timeline().stream()
                            .mapToLong(Results.TimelinePoint::requests)
                            .sum())
                    .isEqualTo(s.requests());
            assertThat(s.clientCpuCores()).isPositive();
            assertThat(s.monitoring().status()).isEqualTo(200);
            assertThat(s.monitoring().hitRates())
                    .containsEntry("cache.auth.hitRate", 0.995)
                    .containsEntry("cache.api.hits/(hits+misses)", 0.9);
            if (!s.scenario().equals("redis-down")) {
                assertThat(s.errors()).as(s.scenario() + " " + s.errorKinds()).isZero();
            }
        }
    }

    @Test
    void floorIsAuthMeWithZeroStatementsFromTheMemo() {
        Results.Scenario floor = byName.get("floor");
        assertThat(floor.operations()).extracting(Results.Operation::name).containsExactly("auth.me");
        assertThat(floor.statements().mean()).isZero();
        assertThat(floor.statements().responses()).isEqualTo(floor.requests());
        assertThat(floor.statements().dbMillisMean()).isEqualTo(0.25);
        assertThat(floor.cache()).containsOnlyKeys("memo");
        assertThat(floor.cacheHitRatio()).isEqualTo(1.0);
    }

    @Test
    void warmAndColdUseTheHotSet() {
        Results.Scenario warm = byName.get("warm");
        assertThat(warm.warmupSeconds()).isEqualTo(0.3);
        assertThat(warm.operations())
                .extracting(Results.Operation::name)
                .contains("dashboard", "customers.get.hot", "orders.list");
        assertThat(warm.cache()).containsKeys("local", "redis").doesNotContainKey("miss");

        Results.Scenario cold = byName.get("cold");
        assertThat(cold.warmupSeconds()).isZero();
        assertThat(cold.requests()).isBetween(50L, 50L + 4);
        assertThat(cold.firstRequests()).hasSize(50);
        assertThat(cold.firstRequests()).extracting(Results.Sample::seq).startsWith(0, 1, 2);
        assertThat(cold.firstRequests()).allSatisfy(x -> assertThat(x.status()).isEqualTo(200));
        assertThat(stub.hits("POST /api/monitoring/performance")).isGreaterThanOrEqualTo(8); // 7 resets + 1 clear-cache
    }

    @Test
    void highLoadRunsTheFixedMixIncludingWrites() {
        Results.Scenario high = byName.get("high-load");
        assertThat(high.mix()).containsEntry("orders.list.filtered", 12).containsEntry("dashboard", 10);
        assertThat(high.mix().values().stream().mapToInt(Integer::intValue).sum())
                .isEqualTo(100);
        Map<String, Results.Operation> ops =
                high.operations().stream().collect(Collectors.toMap(Results.Operation::name, Function.identity()));
        assertThat(ops).containsKeys("customers.search", "orders.list.filtered", "dashboard", "orders.get");
        assertThat(ops.get("orders.get").statements().mean()).isEqualTo(1.0);
        assertThat(ops.get("orders.list").statements().mean()).isEqualTo(2.0);
        assertThat(ops.get("dashboard").cache()).containsOnlyKeys("redis");
        assertThat(ops.get("customers.search").cache()).containsOnlyKeys("miss");
        // writes went out and were answered; patches follow orders the same user created
        assertThat(stub.hits("POST /api/customers") + stub.hits("POST /api/orders"))
                .isPositive();
        assertThat(high.statements().mean()).isBetween(0.5, 2.5);
    }

    @Test
    void cacheMissWalksCursorsAndUsesUniqueKeys() {
        Results.Scenario miss = byName.get("cache-miss");
        assertThat(miss.cache()).containsOnlyKeys("miss");
        assertThat(miss.cacheHitRatio()).isZero();
        assertThat(miss.operations())
                .extracting(Results.Operation::name)
                .contains("list.walk", "customers.unique-search");
    }

    @Test
    void redisDownRunsTheHooksAndShowsFailuresOnlyWhileDown() {
        Results.Scenario down = byName.get("redis-down");
        assertThat(down.hooks()).extracting(Results.HookEvent::name).containsExactly("redis-kill", "redis-start");
        assertThat(down.hooks()).allSatisfy(h -> assertThat(h.ok()).isTrue());
        assertThat(down.hooks().get(0).atSecond()).isBetween(1.0, 1.2);
        assertThat(down.hooks().get(1).atSecond()).isBetween(1.5, 1.7);
        assertThat(down.errors()).isPositive();
        assertThat(down.errorKinds().keySet()).allSatisfy(k -> assertThat(k).endsWith("HTTP 503"));
        // Redis is down from 1.0 s to 1.5 s: second 0 and everything from second 2 on are clean
        assertThat(down.timeline().get(0).errors()).isZero();
        assertThat(down.timeline().get(1).errors()).isPositive();
        assertThat(down.timeline().get(0).requests()).isPositive();
        long failedAfterRestart = down.timeline().stream()
                .filter(p -> p.second() >= 2)
                .mapToLong(Results.TimelinePoint::errors)
                .sum();
        assertThat(failedAfterRestart).isZero();
    }

    @Test
    void reportIsJsonAndATable(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("r.json");
        Report.writeJson(run, file);
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertThat(json.get("label").asText()).isEqualTo("smoke");
        assertThat(json.get("machine").get("cpus").asInt()).isPositive();
        assertThat(json.get("scenarios").get(2).get("latency").get("p99").asDouble())
                .isPositive();
        assertThat(json.get("scenarios").get(2).get("operations")).isNotEmpty();
        assertThat(Report.readJson(file).scenarios()).hasSize(7);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Report.printTable(run, new PrintStream(out, true, StandardCharsets.UTF_8));
        String table = out.toString(StandardCharsets.UTF_8);
        assertThat(table).contains("scenario", "p99 ms", "high-load by operation", "redis-down hooks", "floor");
    }

    @Test
    void shellHooksRunFromTheCommandLine(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("down.json");
        Path killed = dir.resolve("killed");
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = Main.execute(
                    "run",
                    "--base-url",
                    stub.baseUrl(),
                    "--scenario",
                    "redis-down",
                    "--duration",
                    "1s",
                    "--warmup",
                    "0s",
                    "--users",
                    "1",
                    "--out",
                    file.toString(),
                    "--redis-kill-cmd",
                    "touch " + killed,
                    "--redis-start-cmd",
                    "test -f " + killed + " && exit 3");
        } finally {
            System.setOut(stdout);
        }
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("redis-start at", "FAILED");
        assertThat(killed).exists();
        JsonNode hooks = new ObjectMapper()
                .readTree(file.toFile())
                .get("scenarios")
                .get(0)
                .get("hooks");
        assertThat(hooks.get(0).get("name").asText()).isEqualTo("redis-kill");
        assertThat(hooks.get(0).get("ok").asBoolean()).isTrue();
        assertThat(hooks.get(0).get("command").asText()).startsWith("touch ");
        assertThat(hooks.get(1).get("ok").asBoolean()).isFalse();
        assertThat(hooks.get(1).get("error").asText()).contains("exit 3");
    }

    @Test
    void leavesOutWhatTheServerDoesNotHaveYet() throws Exception {
        try (StubBrisk partial = new StubBrisk(1)) {
            partial.missing.add("/api/orders");
            partial.missing.add("/api/dashboard");
            partial.missing.add("/api/monitoring/performance");
            Results.Run r = new LoadRunner(RunConfig.builder(partial.baseUrl())
                            .scenarios(Scenario.HIGH_LOAD, Scenario.CACHE_MISS)
                            .users(2)
                            .duration(Duration.ofMillis(500))
                            .warmup(Duration.ZERO)
                            .log(new PrintStream(log, true, StandardCharsets.UTF_8))
                            .build())
                    .run();
            assertThat(r.setup().notes()).hasSize(3);
            for (Results.Scenario s : r.scenarios()) {
                assertThat(s.errors()).as(s.scenario() + " " + s.errorKinds()).isZero();
                assertThat(s.operations())
                        .extracting(Results.Operation::name)
                        .noneMatch(n -> n.startsWith("orders.") || n.equals("dashboard"));
                assertThat(s.monitoring().error()).contains("not available");
            }
            assertThat(partial.hits("POST /api/monitoring/performance")).isZero();
        }
    }

    @Test
    void commandLineRunWritesItsReport(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("cli.json");
        PrintStream stdout = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int code;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            code = Main.execute(
                    "run",
                    "--base-url",
                    stub.baseUrl(),
                    "--scenario",
                    "floor,warm",
                    "--duration",
                    "500ms",
                    "--warmup",
                    "0s",
                    "--users",
                    "2",
                    "--rate",
                    "200",
                    "--out",
                    file.toString(),
                    "--label",
                    "cli");
        } finally {
            System.setOut(stdout);
        }
        assertThat(code).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("floor", "warm", "report:");
        JsonNode json = new ObjectMapper().readTree(Files.readString(file));
        JsonNode floor = json.get("scenarios").get(0);
        assertThat(floor.get("mode").asText()).isEqualTo("open-loop");
        assertThat(floor.get("expectedIntervalMicros").asLong()).isEqualTo(10_000); // 2 users at 200/s in total
        // open loop at 200/s for half a second: about 100 requests, not as many as the stub could take
        assertThat(floor.get("requests").asLong()).isBetween(80L, 110L);
    }
}
