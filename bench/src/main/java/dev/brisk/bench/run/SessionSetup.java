package dev.brisk.bench.run;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Logs in the admin and the load users and reads the id pools: the {@link Session} every scenario of a run shares. */
final class SessionSetup {

    private final RunConfig config;
    private final PrintStream log;

    SessionSetup(RunConfig config) {
        this.config = config;
        this.log = config.log();
    }

    /** Logs in (admin and the load users) and reads the id pools, over a client of its own. */
    Session setup() {
        try (Api api = new Api(config.baseUrl(), config.timeout())) {
            return setup(api);
        }
    }

    private Session setup(Api api) {
        long t0 = System.nanoTime();
        List<String> notes = new ArrayList<>();
        Api.Response[] failure = new Api.Response[1];
        String admin = api.login(config.adminEmail(), config.password(), failure);
        if (admin == null) {
            notes.add("admin login " + config.adminEmail() + " failed (" + describe(failure[0])
                    + "): no monitoring snapshots, resets or cache clears");
        }

        // organizations: given, or found by logging in as member@org-1, -2, ... until one fails
        Map<Integer, String> firstToken = new TreeMap<>();
        boolean numbered = config.memberEmail().contains("%d");
        int orgs = config.orgs();
        int limit = orgs > 0 ? orgs : numbered ? 1000 : 1;
        for (int o = 1; o <= limit; o++) {
            String email = String.format(Locale.ROOT, config.memberEmail(), o);
            String token = api.login(email, config.password(), failure);
            if (token == null) {
                if (o == 1 || orgs > 0) {
                    throw new IllegalStateException("login as " + email + " failed: " + describe(failure[0])
                            + " (generate the data first; password " + config.password() + ")");
                }
                break;
            }
            firstToken.put(o, token);
        }
        orgs = firstToken.size();

        int sessions = config.sessions() > 0 ? config.sessions() : Math.min(config.users(), 2 * orgs);
        sessions = Math.max(sessions, Math.min(orgs, config.users()));
        List<Session.VirtualUserSeed> seeds = new ArrayList<>();
        for (int i = 0; i < sessions; i++) {
            int org = i % orgs + 1;
            seeds.add(new Session.VirtualUserSeed(i < orgs ? firstToken.get(org) : null, org));
        }
        // extra sessions: password checks are slow on purpose, so log in a few at a time
        try (var pool = Executors.newFixedThreadPool(4, Thread.ofVirtual().factory())) {
            List<Future<String>> logins = new ArrayList<>();
            for (int i = orgs; i < sessions; i++) {
                String email = String.format(
                        Locale.ROOT, config.memberEmail(), seeds.get(i).org());
                logins.add(pool.submit(() -> api.login(email, config.password(), null)));
            }
            for (int i = orgs; i < sessions; i++) {
                String token = logins.get(i - orgs).get();
                if (token == null) {
                    throw new IllegalStateException("login " + (i + 1) + " failed");
                }
                seeds.set(i, new Session.VirtualUserSeed(token, seeds.get(i).org()));
            }
        } catch (Exception e) {
            throw new IllegalStateException("logging in: " + e.getMessage(), e);
        }

        Pools pools = new Pools();
        for (Map.Entry<Integer, String> e : firstToken.entrySet()) {
            pools.load(api, e.getKey(), e.getValue());
        }
        String anyToken = firstToken.values().iterator().next();
        Api.Response dashboard = api.get("/api/dashboard", anyToken);
        if (dashboard.status() < 0 && "timeout".equals(dashboard.error())) {
            // slow is not absent: keep it in the workload (a dropped operation would change the mix silently)
            notes.add("GET /api/dashboard timed out during setup ("
                    + config.timeout().toSeconds() + " s): kept in the workload");
            pools.probes.put("dashboard", 200);
        } else {
            pools.probes.put("dashboard", dashboard.status());
        }
        if (admin != null) {
            pools.probes.put(
                    "monitoring", api.get("/api/monitoring/performance", admin).status());
        }
        for (Map.Entry<String, Integer> e : pools.status.entrySet()) {
            if (e.getValue() != 200) {
                notes.add("GET /api/" + e.getKey() + " answered " + e.getValue() + ": its operations are left out");
            }
        }
        if (!pools.available("dashboard")) {
            notes.add("GET /api/dashboard answered " + pools.probes.get("dashboard") + ": left out");
        }
        if (admin != null && !pools.available("monitoring")) {
            notes.add("GET /api/monitoring/performance answered " + pools.probes.get("monitoring")
                    + ": no hit rates, resets or cache clears");
        }
        for (String note : notes) {
            log.println("  note: " + note);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        log.printf(
                Locale.ROOT, "setup: %d orgs, %d sessions, pools %s, %.1f s%n", orgs, sessions, pools.sizes(), seconds);
        Map<String, Integer> statuses = new LinkedHashMap<>(pools.status);
        statuses.putAll(pools.probes);
        boolean monitoring = admin != null && pools.available("monitoring");
        return new Session(
                monitoring ? admin : null,
                seeds,
                pools,
                new Results.Setup(orgs, sessions, statuses, pools.sizes(), seconds, notes));
    }

    private static String describe(Api.Response r) {
        if (r == null) {
            return "no response";
        }
        String body = r.text();
        return r.errorKind() + (body.isEmpty() ? "" : " " + (body.length() > 200 ? body.substring(0, 200) : body));
    }
}
