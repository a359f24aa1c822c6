package dev.brisk.bench.run;

import java.util.List;

/**
 * Logins (tokens) and id pools, found once and kept across scenarios and even across server
 * restarts: tokens live in the database, so a restarted server still accepts them.
 */
public final class Session {
    private final String adminToken;
    private final List<VirtualUserSeed> seeds;
    private final Pools pools;
    private final Results.Setup setup;

    Session(String adminToken, List<VirtualUserSeed> seeds, Pools pools, Results.Setup setup) {
        this.adminToken = adminToken;
        this.seeds = seeds;
        this.pools = pools;
        this.setup = setup;
    }

    /** The ADMIN token that reads the monitoring API, or null when it is not available. */
    public String adminToken() {
        return adminToken;
    }

    List<VirtualUserSeed> seeds() {
        return seeds;
    }

    Pools pools() {
        return pools;
    }

    public Results.Setup setup() {
        return setup;
    }

    record VirtualUserSeed(String token, int org) {}
}
