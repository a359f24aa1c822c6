/**
 * Orders with their items, priced by the server, with their status rules, under {@code
 * /api/orders}.
 */
@NullMarked
package dev.brisk.orders;

import org.jspecify.annotations.NullMarked;
