package dev.brisk.datagen;

/**
 * One organization with sizes of its own, as the demo seeds it: its rows are a one-organization
 * {@link DataSet} of {@link #size()}, with the same story as every data set (leads who never
 * order, churned customers, archived and deleted products, recent drafts, shipped old orders,
 * paid, open, overdue and void invoices) and, being one organization, a few pinned rows that make
 * every status and some soft-deleted rows exist at any size. Same tenant and asOf, same rows.
 *
 * @param seed the tenant's own seed: two tenants with different seeds get different names and amounts
 */
public record Tenant(String name, String slug, String currency, int customers, int products, int orders, long seed) {

    /** The smallest tenant the pinned rows fit in. */
    public static final int MIN_CUSTOMERS = 5;

    public static final int MIN_PRODUCTS = 5;
    public static final int MIN_ORDERS = 10;

    public Tenant {
        if (customers < MIN_CUSTOMERS || products < MIN_PRODUCTS || orders < MIN_ORDERS) {
            throw new IllegalArgumentException("tenant " + slug + " needs at least " + MIN_CUSTOMERS + " customers, "
                    + MIN_PRODUCTS + " products and " + MIN_ORDERS + " orders");
        }
    }

    /** One organization, orders over the year before asOf, no generated users (the caller adds its logins). */
    public Size size() {
        return new Size(slug, 1, customers, products, orders, 0, 2, 0, 365);
    }

    public Tenant withSeed(long other) {
        return new Tenant(name, slug, currency, customers, products, orders, other);
    }
}
