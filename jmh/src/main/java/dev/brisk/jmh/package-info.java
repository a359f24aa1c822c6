/**
 * Support for the JMH benchmarks (a private redis-server); the benchmarks sit in the packages of
 * the code they measure.
 */
@NullMarked
package dev.brisk.jmh;

import org.jspecify.annotations.NullMarked;
