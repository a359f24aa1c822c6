/**
 * Invoices that bill placed orders, with their status rules, under {@code /api/invoices}.
 */
@NullMarked
package dev.brisk.invoices;

import org.jspecify.annotations.NullMarked;
