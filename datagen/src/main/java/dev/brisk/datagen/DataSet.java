package dev.brisk.datagen;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The deterministic shape of a data set: which customer belongs to which organization, when each
 * row was created, product prices. Everything is a pure function of (size, seed, asOf), so the
 * orders, items and invoices can be streamed in several passes that agree row for row.
 *
 * <p>Time: rows live in the {@link Size#days()} (365 unless the size says otherwise) before
 * {@code asOf}. Products and the first tenth of the customers appear on day 0 (an "import"); the
 * other customers arrive evenly over the window; orders arrive from day 1 on, 60 % more per day at
 * the end than at the start, and pick a
 * customer who already existed. Ids grow with
 * creation time, organizations interleave (as in a real multi-tenant table).
 *
 * <p>The story, the same at every size: about a tenth of the customers are leads who never order,
 * a fifth of the older ones churn (no orders after that), and only customers who never ordered are
 * ever deleted; 8 % of the products are archived (sold only before) and 2 % deleted (never sold).
 * Each organization's first customer never churns, its second does, its two newest are leads (one
 * of them deleted); its first product is archived, its last deleted, its second always for sale.
 */
public final class DataSet {

    static final long MICROS_PER_SECOND = 1_000_000L;
    static final long MICROS_PER_MINUTE = 60 * MICROS_PER_SECOND;
    static final long MICROS_PER_HOUR = 60 * MICROS_PER_MINUTE;
    static final long MICROS_PER_DAY = 24 * MICROS_PER_HOUR;

    final Size size;
    final long seed;
    /** End of the data window (exclusive), microseconds since the epoch. */
    final long endMicros;

    final long startMicros;

    final int orgs;
    private final double[] orgCumulative;

    // customers: global index j (id j + 1), created in slots; the first c0 on day 0
    final int customers;
    private final int c0;
    /** Organization (0-based) of customer j. */
    final byte[] customerOrgSmall;

    final short[] customerOrgLarge;
    /** Per organization: the customer indexes j it owns, ascending. */
    private final int[][] orgCustomers;

    /** Per customer: {@link #ANY} or the story's pinned role. */
    private final byte[] customerRole;

    final int productsPerOrg;
    /** Price in minor units of product (org * productsPerOrg + k), id = that + 1. */
    final long[] productPrice;
    /** When the product was archived, or {@link #NONE}. */
    final long[] productArchivedAt;

    final boolean[] productDeleted;

    public DataSet(Size size, long seed, long endMicros) {
        this.size = size;
        this.seed = seed;
        this.endMicros = endMicros;
        this.startMicros = endMicros - size.days() * MICROS_PER_DAY;
        this.orgs = size.orgs();
        if (orgs > Short.MAX_VALUE) {
            throw new IllegalArgumentException("too many organizations");
        }

        orgCumulative = orgCumulative(orgs, size.bigOrgShare());

        customers = size.customers();
        c0 = Math.min(customers, Math.max(orgs, customers / 10));
        boolean small = orgs <= Byte.MAX_VALUE;
        customerOrgSmall = small ? new byte[customers] : null;
        customerOrgLarge = small ? null : new short[customers];
        int[] counts = new int[orgs];
        SplittableRandom rng = new SplittableRandom(mix(seed, 0x0C57));
        for (int j = 0; j < customers; j++) {
            // the first customer of every org exists from the first minute, so every order has a buyer
            int o = j < orgs ? j : pickOrg(rng.nextDouble());
            if (small) {
                customerOrgSmall[j] = (byte) o;
            } else {
                customerOrgLarge[j] = (short) o;
            }
            counts[o]++;
        }
        orgCustomers = new int[orgs][];
        for (int o = 0; o < orgs; o++) {
            orgCustomers[o] = new int[counts[o]];
        }
        int[] fill = new int[orgs];
        for (int j = 0; j < customers; j++) {
            int o = customerOrg(j);
            orgCustomers[o][fill[o]++] = j;
        }

        customerRole = new byte[customers];
        for (int o = 0; o < orgs; o++) {
            int[] own = orgCustomers[o];
            int n = own.length;
            customerRole[own[0]] = FIRST;
            if (n >= 5) {
                customerRole[own[1]] = CHURNS;
                customerRole[own[n - 2]] = DELETED_LEAD;
                customerRole[own[n - 1]] = LEAD;
            }
        }

        productsPerOrg = size.productsPerOrg();
        int products = orgs * productsPerOrg;
        productPrice = new long[products];
        productArchivedAt = new long[products];
        productDeleted = new boolean[products];
        for (int i = 0; i < products; i++) {
            int k = i % productsPerOrg;
            long h = productHash(i);
            Words.Noun noun = productNoun(h);
            long cents = noun.minPrice() + Long.remainderUnsigned(h >>> 8, noun.maxPrice() - noun.minPrice() + 1);
            productPrice[i] = cents / 100 * 100 + ((h >>> 40) % 4 == 0 ? 0 : 99); // 24.99 or 25.00
            // the org's last product was deleted (never sold) and its first archived, so both exist at any size;
            // product 1 is always for sale (the fallback item)
            int r = (int) ((h >>> 48) % 1000);
            productDeleted[i] = k == productsPerOrg - 1 || (k >= 2 && r < 20);
            boolean archived = !productDeleted[i] && (k == 0 || (k >= 2 && r < 100));
            long created = productCreated(i);
            productArchivedAt[i] = archived
                    ? Math.max(
                            created + MICROS_PER_DAY, endMicros - (long) ((30 + unit(h * 31) * 270) * MICROS_PER_DAY))
                    : NONE;
        }
    }

    /** Customer roles: pinned per organization, so that every status and a deleted lead exist at any size. */
    static final byte ANY = 0;
    /** The org's first customer: never a lead, never churns; buys when nobody else can. */
    static final byte FIRST = 1;
    /** The org's second: churns when old enough. */
    static final byte CHURNS = 2;
    /** The newest: a lead. */
    static final byte LEAD = 3;
    /** The second newest: a lead, deleted. */
    static final byte DELETED_LEAD = 4;

    /** "Never" for a time. */
    static final long NONE = Long.MIN_VALUE;

    /** The hash product {@code index}'s price, name, category and fate are drawn from. */
    long productHash(int index) {
        return mix(seed, 0x960D0000000L + index);
    }

    /** The category, finish and noun of a product from its hash. */
    static Words.Category productCategory(long h) {
        return Words.CATEGORIES.get((int) Long.remainderUnsigned(h, Words.CATEGORIES.size()));
    }

    static Words.Noun productNoun(long h) {
        List<Words.Noun> nouns = productCategory(h).nouns();
        return nouns.get((int) Long.remainderUnsigned(h >>> 4, nouns.size()));
    }

    /** About a tenth of the customers are leads, who never order. */
    boolean lead(int j) {
        byte role = customerRole[j];
        return role == LEAD || role == DELETED_LEAD || (role == ANY && unit(mix(seed, 0x1EAD000000L + j)) < 0.10);
    }

    /**
     * When customer j churned (stopped ordering), or {@link #NONE}: a fifth of the non-leads who
     * signed up more than 210 days before the end, between a month after sign-up and half a year ago.
     */
    long churnedAt(int j) {
        byte role = customerRole[j];
        if (role == FIRST || lead(j)) {
            return NONE;
        }
        long created = customerCreated(j);
        long latest = endMicros - 180 * MICROS_PER_DAY;
        long h = mix(seed, 0xC4A2000000L + j);
        if (created + 30 * MICROS_PER_DAY >= latest || (role != CHURNS && unit(h) >= 0.20)) {
            return NONE;
        }
        return created + 30 * MICROS_PER_DAY + (long) (unit(h * 31) * (latest - created - 30 * MICROS_PER_DAY));
    }

    /** Whether customer j, if it never ordered, is soft-deleted: the pinned lead and a tenth of the others. */
    boolean deletedIfIdle(int j) {
        byte role = customerRole[j];
        return role == DELETED_LEAD || (role == ANY && unit(mix(seed, 0xDE1E000000L + j)) < 0.10);
    }

    /** The org's first customer (its id), who exists before any order. */
    long firstCustomer(int o) {
        return orgCustomers[o][0] + 1L;
    }

    /** Products may be sold until they are archived; deleted ones never were. */
    boolean sellable(int product, long micros) {
        return !productDeleted[product] && (productArchivedAt[product] == NONE || productArchivedAt[product] > micros);
    }

    /** Cumulative org shares: 1/sqrt(rank), or org 0 at {@code bigShare} and the rest 1/sqrt(rank) of what is left. */
    private static double[] orgCumulative(int orgs, double bigShare) {
        int first = bigShare > 0 ? 1 : 0;
        double[] cumulative = new double[orgs];
        double sum = 0;
        for (int o = first; o < orgs; o++) {
            sum += 1 / Math.sqrt(o + 1 - first);
            cumulative[o] = sum;
        }
        double rest = 1 - bigShare;
        for (int o = 0; o < orgs; o++) {
            cumulative[o] = bigShare + rest * cumulative[o] / sum;
        }
        cumulative[orgs - 1] = 1;
        return cumulative;
    }

    int customerOrg(int j) {
        return customerOrgSmall != null ? customerOrgSmall[j] : customerOrgLarge[j];
    }

    int pickOrg(double u) {
        int i = Arrays.binarySearch(orgCumulative, u);
        int o = i >= 0 ? i : -i - 1;
        return Math.min(o, orgs - 1);
    }

    /** Customers of organization {@code o}. */
    int customerCount(int o) {
        return orgCustomers[o].length;
    }

    /** Creation time of customer j: inside its slot, so that times grow with j. */
    long customerCreated(int j) {
        double slotStart = slotStart(j);
        double width = slotStart(j + 1) - slotStart;
        return startMicros + (long) (slotStart + unit(mix(seed, 0xC0FFEE000000L + j)) * width * 0.999);
    }

    private double slotStart(long j) {
        if (j <= c0) {
            return j * ((double) MICROS_PER_DAY / c0);
        }
        double rest = (size.days() - 1.0) * MICROS_PER_DAY;
        return MICROS_PER_DAY + (j - c0) * (rest / Math.max(1, customers - c0));
    }

    /** How many customers (global indexes 0..n-1) certainly existed at {@code micros}. */
    private int customersExistingAt(long micros) {
        double t = micros - startMicros;
        double n;
        if (t < MICROS_PER_DAY) {
            n = t / ((double) MICROS_PER_DAY / c0);
        } else {
            n = c0 + (t - MICROS_PER_DAY) / (((size.days() - 1.0) * MICROS_PER_DAY) / Math.max(1, customers - c0));
        }
        return (int) Math.min(customers, Math.max(0, Math.floor(n) - 1));
    }

    /**
     * A customer (id) of org {@code o} created before {@code micros} who may order then: not a lead,
     * not churned by then; the org's first customer when a few draws find none.
     */
    long pickCustomer(int o, long micros, SplittableRandom rng) {
        int[] own = orgCustomers[o];
        int limit = customersExistingAt(micros);
        int k = Arrays.binarySearch(own, limit);
        int eligible = k >= 0 ? k : -k - 1;
        if (eligible == 0) {
            eligible = 1; // org's first customer: created on day 0, before any order
        }
        for (int attempt = 0; attempt < 20; attempt++) {
            int j = own[(int) (rng.nextDouble() * eligible)];
            if (!lead(j)) {
                long churned = churnedAt(j);
                if (churned == NONE || churned > micros) {
                    return j + 1L;
                }
            }
        }
        return own[0] + 1L;
    }

    long productCreated(int index) {
        return startMicros + (long) (unit(mix(seed, 0xBEEF00000000L + index)) * (MICROS_PER_DAY / 2));
    }

    /** Order volume at the end of the window relative to its start, minus one: business grows 60 % a year. */
    static final double ORDER_GROWTH = 0.6;

    /**
     * Microseconds of order {@code i}'s creation, from day 1 to the end of the window, growing in
     * order of {@code i}: the density rises linearly by {@link #ORDER_GROWTH} over the year (so
     * "last 30 days vs the 30 before" shows growth), placed by inverting its distribution function.
     */
    long orderCreated(long i, long orders, double u) {
        double span = (double) (endMicros - startMicros - MICROS_PER_DAY - MICROS_PER_MINUTE);
        double y = (i + u) / orders;
        double g = ORDER_GROWTH;
        double x = (-1 + Math.sqrt(1 + 2 * g * y * (1 + g / 2))) / g;
        return startMicros + MICROS_PER_DAY + (long) (Math.min(1, x) * span);
    }

    /** SplitMix64 finalizer over (seed, salt): a stateless per-row hash. */
    static long mix(long seed, long salt) {
        long z = seed * 0x9E3779B97F4A7C15L + salt * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A double in [0, 1) from a hash. */
    static double unit(long hash) {
        return (hash >>> 11) * 0x1.0p-53;
    }
}
