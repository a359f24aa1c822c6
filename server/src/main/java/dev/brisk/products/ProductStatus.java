package dev.brisk.products;

/** Whether a product can be sold; the demo seeding uses it too. */
public enum ProductStatus {
    ACTIVE,
    ARCHIVED
}
