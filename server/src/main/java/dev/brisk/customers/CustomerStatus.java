package dev.brisk.customers;

/** Where a customer stands; the demo seeding uses it too. */
public enum CustomerStatus {
    LEAD,
    ACTIVE,
    CHURNED
}
