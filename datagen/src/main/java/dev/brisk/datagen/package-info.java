/**
 * The one data generator: deterministic data sets of a chosen {@link dev.brisk.datagen.Size}
 * (TINY to L, the same seed and as-of giving the same rows) loaded with COPY, the demo's
 * {@link dev.brisk.datagen.Tenant}s loaded into a caller's transaction, and the
 * {@link dev.brisk.datagen.Words} every generated name is made of. Plain Java and JDBC, no Spring
 * context: the bench's {@code generate}, the server's demo seeding and the server's tests use it.
 */
@NullMarked
package dev.brisk.datagen;

import org.jspecify.annotations.NullMarked;
