package dev.brisk.demo;

import dev.brisk.datagen.Tenant;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Demo data settings: the two demo organizations as datagen {@link Tenant}s. The sizes are those
 * of "Demo Co"; "Other Ltd" gets {@code otherOrgPercent} of each (never below the minimum) and the
 * next seed.
 *
 * @param seed seed the demo data into a database that has no organizations yet
 * @param customers customers of Demo Co (at least 10)
 * @param products products of Demo Co (at least 10)
 * @param orders orders of Demo Co (at least 20, at most 200 000: the load harness makes big data sets)
 * @param otherOrgPercent size of Other Ltd relative to Demo Co, 1..100
 * @param randomSeed seed of the generator; the same value gives the same names, amounts and statuses
 */
@ConfigurationProperties("brisk.demo")
record DemoProperties(
        @DefaultValue("false") boolean seed,
        @DefaultValue("400") int customers,
        @DefaultValue("200") int products,
        @DefaultValue("5000") int orders,
        @DefaultValue("30") int otherOrgPercent,
        @DefaultValue("20240917") long randomSeed) {

    static final int MIN_CUSTOMERS = 10;
    static final int MIN_PRODUCTS = 10;
    static final int MIN_ORDERS = 20;
    static final int MAX_ORDERS = 200_000;

    DemoProperties {
        check("customers", customers, MIN_CUSTOMERS, 100_000);
        check("products", products, MIN_PRODUCTS, 100_000);
        check("orders", orders, MIN_ORDERS, MAX_ORDERS);
        check("other-org-percent", otherOrgPercent, 1, 100);
    }

    Tenant demoCo() {
        return new Tenant("Demo Co", "demo-co", "EUR", customers, products, orders, randomSeed);
    }

    Tenant otherLtd() {
        return new Tenant(
                "Other Ltd",
                "other-ltd",
                "USD",
                share(customers, MIN_CUSTOMERS),
                share(products, MIN_PRODUCTS),
                share(orders, MIN_ORDERS),
                randomSeed + 1);
    }

    private int share(int size, int minimum) {
        return Math.max(minimum, (int) Math.round(size * otherOrgPercent / 100.0));
    }

    private static void check(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(
                    "brisk.demo." + name + " must be within " + min + ".." + max + ", not " + value);
        }
    }
}
