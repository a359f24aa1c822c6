/**
 * The load harness's command line: {@code generate}, {@code run} and {@code compare}, talking to
 * Brisk over HTTP only.
 */
@NullMarked
package dev.brisk.bench;

import org.jspecify.annotations.NullMarked;
