/**
 * {@code compare}: baseline and optimized Brisk side by side in one run, and the report and charts
 * it writes.
 */
@NullMarked
package dev.brisk.bench.compare;

import org.jspecify.annotations.NullMarked;
