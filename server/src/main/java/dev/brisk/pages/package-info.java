/** The pages people use (customers, products, orders, invoices, users): one shell page and its routes. */
@NullMarked
package dev.brisk.pages;

import org.jspecify.annotations.NullMarked;
