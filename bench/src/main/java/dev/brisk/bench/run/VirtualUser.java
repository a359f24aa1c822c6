package dev.brisk.bench.run;

import java.util.ArrayDeque;
import java.util.SplittableRandom;

/** One simulated user: its session, its organization's id pools, and what it is in the middle of. */
final class VirtualUser {

    final int index;
    final String token;
    final int org;
    final Pools.OrgPool pool;
    final SplittableRandom rng;

    /** The last list this user read and its nextCursor, for "next page" requests. */
    String lastListPath;

    String lastCursor;

    /** A cursor walk (cache-miss): the list path and where it stands. */
    String walkPath;

    String walkCursor;
    int walkDepth;

    /** Orders this user created and their status, oldest first, for status changes. */
    final ArrayDeque<long[]> createdOrders = new ArrayDeque<>();

    long created;

    VirtualUser(int index, String token, int org, Pools.OrgPool pool, long seed) {
        this.index = index;
        this.token = token;
        this.org = org;
        this.pool = pool;
        this.rng = new SplittableRandom(seed * 1_000_003L + index);
    }
}
