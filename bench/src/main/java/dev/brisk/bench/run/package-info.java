/**
 * {@code run}: virtual users driving one scenario's workload against one server, and what they
 * record.
 */
@NullMarked
package dev.brisk.bench.run;

import org.jspecify.annotations.NullMarked;
