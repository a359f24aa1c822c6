package dev.brisk.datagen;

/**
 * Data set sizes. Items average 2.8 per order (1..5), invoices about 80 % of orders; organizations
 * get skewed shares (weight 1/sqrt(rank)), so org-1 is the biggest tenant. The demo's organizations
 * are {@link Tenant}s, each a one-organization size of its own.
 *
 * @param orgs organizations
 * @param customers customers over all organizations
 * @param productsPerOrg products of each organization
 * @param orders orders over all organizations
 * @param bigOrgShare share of org-1 in customers and orders (the others split the rest by
 *     1/sqrt(rank)); 0 = org-1 is simply the first of the 1/sqrt(rank) shares
 * @param usersPerOrg users of each organization: an ADMIN and a MEMBER ({@link Logins}), then
 *     further users (every 20th an ADMIN, every 25th DISABLED)
 * @param sessions login sessions over all users, created over the last year (a third revoked)
 * @param days the window, ending at asOf, over which rows are created
 */
public record Size(
        String name,
        int orgs,
        int customers,
        int productsPerOrg,
        int orders,
        double bigOrgShare,
        int usersPerOrg,
        int sessions,
        int days) {

    /**
     * The demo's volume (brisk.demo defaults: Demo Co 400 customers, 200 products, 5 000 orders, Other
     * Ltd 30 % of each, so 520, 260 and 6 500 in all) as two harness organizations; for smoke tests,
     * loads in about a second.
     */
    public static final Size TINY = new Size("TINY", 2, 520, 130, 6_500);

    public static final Size S = new Size("S", 4, 2_000, 200, 10_000);
    public static final Size M = new Size("M", 20, 200_000, 1_000, 1_000_000);
    public static final Size L = new Size("L", 40, 2_000_000, 2_000, 10_000_000);

    public Size {
        if (orgs < 1
                || customers < orgs
                || productsPerOrg < 5
                || orders < 1
                || !(bigOrgShare >= 0 && bigOrgShare < 1)
                || (orgs == 1 && bigOrgShare > 0)
                || usersPerOrg < 2
                || sessions < 0
                || days < 30) {
            throw new IllegalArgumentException("bad size " + name);
        }
    }

    /** The harness's shape: 1/sqrt(rank) shares, two users per organization, no sessions, one year. */
    public Size(String name, int orgs, int customers, int productsPerOrg, int orders) {
        this(name, orgs, customers, productsPerOrg, orders, 0, 2, 0, 365);
    }

    public static Size of(String name) {
        return switch (name.toUpperCase(java.util.Locale.ROOT)) {
            case "TINY" -> TINY;
            case "S" -> S;
            case "M" -> M;
            case "L" -> L;
            default -> throw new IllegalArgumentException("size must be TINY, S, M or L, not " + name);
        };
    }

    public long products() {
        return (long) orgs * productsPerOrg;
    }

    public long users() {
        return (long) orgs * usersPerOrg;
    }

    @Override
    public String toString() {
        return name;
    }
}
