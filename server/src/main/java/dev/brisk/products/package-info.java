/**
 * Products of an organization (SKU unique among live ones) under {@code /api/products}.
 */
@NullMarked
package dev.brisk.products;

import org.jspecify.annotations.NullMarked;
