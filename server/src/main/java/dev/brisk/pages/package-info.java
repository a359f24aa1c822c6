/** The pages people use (customers, products, orders, invoices, users): one shell page and its routes. */
package dev.brisk.pages;
