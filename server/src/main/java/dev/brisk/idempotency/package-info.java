/** Idempotent writes: every API write in one transaction committed before the answer, and replays by {@code Idempotency-Key}. */
@NullMarked
package dev.brisk.idempotency;

import org.jspecify.annotations.NullMarked;
