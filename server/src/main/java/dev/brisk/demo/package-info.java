/**
 * Demo data: two organizations with logins, customers, products, orders and invoices seeded into
 * an empty database at start-up ({@code brisk.demo.seed}), their rows made and loaded by datagen
 * (the one generator, also the harness's and the tests'), and the start-up banner that ends the
 * log with the URL and the demo logins.
 */
@NullMarked
package dev.brisk.demo;

import org.jspecify.annotations.NullMarked;
