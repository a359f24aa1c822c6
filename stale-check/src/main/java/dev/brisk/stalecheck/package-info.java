/**
 * The stale-read checker: writes through Brisk nodes and plain SQL, reads through every node, and
 * reports whether a writer ever read its own write stale and how stale other users' reads were.
 */
@NullMarked
package dev.brisk.stalecheck;

import org.jspecify.annotations.NullMarked;
