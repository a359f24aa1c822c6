package dev.brisk.customers;

/** How the lists of other modules (orders, invoices) search by their customer's name. */
public final class CustomerSearch {

    /** A condition on {@code t.customer_id} and {@code :q}, for {@code ListQuery.search}; uses customers_search_trgm_idx. */
    public static final String BY_NAME = """
            t.customer_id IN (SELECT c.id FROM customers c
                              WHERE c.org_id = :orgId AND c.deleted_at IS NULL AND c.name ILIKE :q)""";

    private CustomerSearch() {}
}
