package dev.brisk.bench.run;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One {@code run}: which server, which scenarios, how much load. {@code compare} builds two of
 * these (baseline, optimized) that differ only in {@link #baseUrl} and {@link #label}.
 *
 * @param warmup unrecorded load before each scenario; null = per-scenario default (5 s, none for cold)
 * @param rate total target requests/s (open loop, latency from the intended start); 0 = closed loop
 * @param coldRequests how many first requests the cold scenario records
 * @param memberEmail {@code String.format} pattern with the org number for the load users
 * @param adminEmail the platform operator that reads and resets /api/monitoring/performance
 * @param orgs organizations to spread users over; 0 = discover by logging in until one fails
 * @param sessions distinct logins (tokens) shared round-robin by the users; 0 = min(users, 2 x orgs)
 * @param idempotencyKeys send a fresh {@code Idempotency-Key} with every write of the load (the scale run: nginx
 *     resends a keyed write whose node died, and the key makes that safe)
 * @param mix high-load / redis-down operation weights overriding {@link Workload#MIXED}; null = default
 */
public record RunConfig(
        String baseUrl,
        String label,
        List<Scenario> scenarios,
        int users,
        Duration duration,
        Duration warmup,
        double rate,
        int coldRequests,
        Duration timeout,
        String password,
        String memberEmail,
        String adminEmail,
        int orgs,
        int sessions,
        long seed,
        Hooks hooks,
        boolean resetMonitoring,
        boolean clearCacheForCold,
        boolean idempotencyKeys,
        Map<String, Integer> mix,
        PrintStream log) {

    /**
     * What the redis-down scenario does to Redis and when (fractions of the measured duration).
     */
    public record Hooks(Hook kill, Hook start, double killAt, double startAt) {

        public static final Hooks NONE = new Hooks(null, null, 1 / 3.0, 2 / 3.0);

        public Hooks {
            if (!(killAt >= 0 && killAt <= startAt && startAt <= 1)) {
                throw new IllegalArgumentException("need 0 <= killAt <= startAt <= 1");
            }
        }
    }

    /** A step run mid-scenario: a shell command or a Java callback. */
    @FunctionalInterface
    public interface Hook {
        void run() throws Exception;

        static Hook shell(String command) {
            return new ShellHook(command);
        }
    }

    public RunConfig {
        Objects.requireNonNull(baseUrl, "baseUrl");
        scenarios = List.copyOf(scenarios);
        if (users < 1) {
            throw new IllegalArgumentException("users must be at least 1");
        }
        if (rate < 0) {
            throw new IllegalArgumentException("rate must be >= 0");
        }
        if (mix != null) {
            Mixes.validate(mix);
            mix = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(mix));
        }
        if (label == null) {
            label = "run";
        }
        if (hooks == null) {
            hooks = Hooks.NONE;
        }
        if (log == null) {
            log = System.err;
        }
        if (timeout == null) {
            timeout = Duration.ofSeconds(30);
        }
    }

    /** The same run against another server: what a before/after comparison changes between its two runs. */
    public RunConfig withTarget(String otherBaseUrl, String otherLabel) {
        return new Builder(otherBaseUrl, this).label(otherLabel).build();
    }

    /** The same run with other Redis hooks (e.g. callbacks that stop and start a redis-server this process owns). */
    public RunConfig withHooks(Hooks otherHooks) {
        return new Builder(baseUrl, this).hooks(otherHooks).build();
    }

    public static Builder builder(String baseUrl) {
        return new Builder(baseUrl);
    }

    public Duration warmupFor(Scenario s) {
        if (s == Scenario.COLD) {
            return Duration.ZERO;
        }
        return warmup != null ? warmup : Duration.ofSeconds(5);
    }

    public static final class Builder {
        private final String baseUrl;
        private String label = "run";
        private List<Scenario> scenarios = Scenario.all();
        private int users = 8;
        private Duration duration = Duration.ofSeconds(30);
        private Duration warmup;
        private double rate;
        private int coldRequests = 200;
        private Duration timeout = Duration.ofSeconds(30);
        private String password = "brisk-bench";
        private String memberEmail = "member@org-%d.bench";
        private String adminEmail = "operator@brisk.bench";
        private int orgs;
        private int sessions;
        private long seed = 42;
        private Hooks hooks = Hooks.NONE;
        private boolean resetMonitoring = true;
        private boolean idempotencyKeys;
        private boolean clearCacheForCold = true;
        private Map<String, Integer> mix;
        private PrintStream log = System.err;

        private Builder(String baseUrl) {
            this.baseUrl = baseUrl;
        }

        /** Every setting of {@code from}, against {@code baseUrl}. */
        private Builder(String baseUrl, RunConfig from) {
            this.baseUrl = baseUrl;
            label = from.label;
            scenarios = from.scenarios;
            users = from.users;
            duration = from.duration;
            warmup = from.warmup;
            rate = from.rate;
            coldRequests = from.coldRequests;
            timeout = from.timeout;
            password = from.password;
            memberEmail = from.memberEmail;
            adminEmail = from.adminEmail;
            orgs = from.orgs;
            sessions = from.sessions;
            seed = from.seed;
            hooks = from.hooks;
            resetMonitoring = from.resetMonitoring;
            clearCacheForCold = from.clearCacheForCold;
            idempotencyKeys = from.idempotencyKeys;
            mix = from.mix;
            log = from.log;
        }

        public Builder label(String v) {
            label = v;
            return this;
        }

        public Builder scenarios(List<Scenario> v) {
            scenarios = v;
            return this;
        }

        public Builder scenarios(Scenario... v) {
            scenarios = List.of(v);
            return this;
        }

        public Builder users(int v) {
            users = v;
            return this;
        }

        public Builder duration(Duration v) {
            duration = v;
            return this;
        }

        public Builder warmup(Duration v) {
            warmup = v;
            return this;
        }

        public Builder rate(double v) {
            rate = v;
            return this;
        }

        public Builder coldRequests(int v) {
            coldRequests = v;
            return this;
        }

        public Builder timeout(Duration v) {
            timeout = v;
            return this;
        }

        public Builder password(String v) {
            password = v;
            return this;
        }

        public Builder memberEmail(String v) {
            memberEmail = v;
            return this;
        }

        public Builder adminEmail(String v) {
            adminEmail = v;
            return this;
        }

        public Builder orgs(int v) {
            orgs = v;
            return this;
        }

        public Builder sessions(int v) {
            sessions = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder hooks(Hooks v) {
            hooks = v;
            return this;
        }

        public Builder resetMonitoring(boolean v) {
            resetMonitoring = v;
            return this;
        }

        public Builder clearCacheForCold(boolean v) {
            clearCacheForCold = v;
            return this;
        }

        /** Every write of the load carries a fresh Idempotency-Key, so a load balancer may resend it. */
        public Builder idempotencyKeys(boolean v) {
            idempotencyKeys = v;
            return this;
        }

        public Builder mix(Map<String, Integer> v) {
            mix = v;
            return this;
        }

        public Builder log(PrintStream v) {
            log = v;
            return this;
        }

        public RunConfig build() {
            return new RunConfig(
                    baseUrl,
                    label,
                    scenarios,
                    users,
                    duration,
                    warmup,
                    rate,
                    coldRequests,
                    timeout,
                    password,
                    memberEmail,
                    adminEmail,
                    orgs,
                    sessions,
                    seed,
                    hooks,
                    resetMonitoring,
                    clearCacheForCold,
                    idempotencyKeys,
                    mix,
                    log);
        }
    }
}
