/**
 * The {@code scale} run: a real nginx upstream in front of one and then two Brisk nodes, with and without a
 * streaming replica, on one data set in a PostgreSQL and a Redis Sentinel group of its own; the mixed load
 * and the fault scenarios (kill a node, kill the Redis master, kill the replica), with failed requests,
 * read-back mismatches and CPU per request for each.
 */
@NullMarked
package dev.brisk.bench.scale;

import org.jspecify.annotations.NullMarked;
