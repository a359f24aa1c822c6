package dev.brisk.orders;

/** One line of an order: the product's price when the line was written, times the quantity. */
record OrderItemView(long id, long productId, String sku, String name, int quantity, long unitPrice, long lineTotal) {}
