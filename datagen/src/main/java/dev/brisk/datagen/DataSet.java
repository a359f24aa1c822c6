package dev.brisk.datagen;

import java.util.Arrays;
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

    final int productsPerOrg;
    /** Price in minor units of product (org * productsPerOrg + k), id = that + 1. */
    final long[] productPrice;

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

        productsPerOrg = size.productsPerOrg();
        productPrice = new long[orgs * productsPerOrg];
        for (int i = 0; i < productPrice.length; i++) {
            double u = unit(mix(seed, 0x9A1CE0000L + i));
            // 1.00 .. ~500.00, log-uniform, rounded to whole units minus one cent now and then
            long units = Math.round(Math.exp(u * Math.log(500)));
            productPrice[i] = units * 100 - (i % 3 == 0 ? 1 : 0);
        }
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

    /** A customer of org {@code o} created before {@code micros}, older customers slightly favoured. */
    int pickCustomer(int o, long micros, double u) {
        int[] own = orgCustomers[o];
        int limit = customersExistingAt(micros);
        int k = Arrays.binarySearch(own, limit);
        int eligible = k >= 0 ? k : -k - 1;
        if (eligible == 0) {
            eligible = 1; // org's first customer: created on day 0, before any order
        }
        return own[(int) (u * eligible)] + 1;
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
