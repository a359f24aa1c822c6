/**
 * Customers of an organization: list, get, create, change, soft-delete and restore under {@code
 * /api/customers}.
 */
@NullMarked
package dev.brisk.customers;

import org.jspecify.annotations.NullMarked;
