/**
 * Query monitoring (per-request counts, N+1, slow queries, fingerprints), the performance API, the
 * live page and its stream.
 */
@NullMarked
package dev.brisk.monitoring;

import org.jspecify.annotations.NullMarked;
