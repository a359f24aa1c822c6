/** Reads routed to a streaming replica when it has replayed what this node and the caller have seen, else to the primary. */
@NullMarked
package dev.brisk.platform.replica;

import org.jspecify.annotations.NullMarked;
