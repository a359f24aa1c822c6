/**
 * {@code generate}: deterministic data sets of a chosen size loaded with COPY.
 */
@NullMarked
package dev.brisk.bench.generate;

import org.jspecify.annotations.NullMarked;
