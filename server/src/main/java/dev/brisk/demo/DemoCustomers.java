package dev.brisk.demo;

import static dev.brisk.demo.DemoData.DAY;
import static dev.brisk.demo.DemoData.HOUR;
import static dev.brisk.demo.DemoData.NONE;
import static dev.brisk.demo.DemoData.ORDER_DAYS;

import dev.brisk.customers.CustomerStatus;
import dev.brisk.datagen.Words;
import dev.brisk.demo.DemoData.Customer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * The demo customers: sign-ups over two years (most before the orders began), leads who never
 * order, churned customers, and a few loyal ones who buy much more; the buyer of an order of a
 * given age; and, once the orders are made, the customer rows. Draws from the generator's
 * {@link Random}, in the generator's order.
 */
final class DemoCustomers {

    private final Random random;
    private final Draws draws;
    private final long[] customerAge; // seconds before now, oldest first
    private final boolean[] lead; // never orders
    private final long[] churnAge; // NONE, or when the customer stopped ordering
    private final double[] customerWeightSum;
    private final long[] firstOrderAge; // NONE until an order is made

    /** Plans {@code n} customers: sign-up ages, leads, churn and how much each buys. */
    DemoCustomers(int n, Random random, Draws draws) {
        this.random = random;
        this.draws = draws;
        customerAge = new long[n];
        for (int i = 0; i < n; i++) {
            // Most signed up before the year of orders (so early orders have buyers); the rest over that year.
            // The first two are always old, so there is an old buyer and an old customer who can churn.
            customerAge[i] = i < 2 || random.nextDouble() < 0.55
                    ? draws.between((ORDER_DAYS + 1) * DAY, 2 * ORDER_DAYS * DAY)
                    : draws.recentAge(ORDER_DAYS * DAY);
        }
        Draws.sortDescending(customerAge);
        lead = new boolean[n];
        churnAge = new long[n];
        customerWeightSum = new double[n];
        firstOrderAge = new long[n];
        Arrays.fill(firstOrderAge, NONE);
        double sum = 0;
        for (int i = 0; i < n; i++) {
            // The two newest sign-ups are leads that never ordered (one may get deleted), as are about 10%.
            lead[i] = i >= n - 2 || (i > 1 && random.nextDouble() < 0.10);
            churnAge[i] = NONE;
            boolean canChurn = !lead[i] && customerAge[i] > 210 * DAY;
            if (canChurn && (i == 1 || (i > 1 && random.nextDouble() < 0.20))) {
                churnAge[i] = draws.between(180 * DAY, customerAge[i] - 30 * DAY);
            }
            // A few loyal customers buy much more than the rest (log-normal weights).
            sum += lead[i] ? 0 : Math.exp(random.nextGaussian() * 0.9);
            customerWeightSum[i] = sum;
        }
    }

    /**
     * The buyer of an order made {@code age} seconds ago: signed up at least an hour before, not a
     * lead, not churned. Records the order, so the customer's status and update time follow it.
     */
    int buyer(long age) {
        int i = pick(age);
        firstOrderAge[i] = Math.max(firstOrderAge[i], age);
        return i;
    }

    private int pick(long age) {
        int eligible = Draws.countOlderThan(customerAge, age + HOUR);
        for (int attempt = 0; attempt < 30; attempt++) {
            int i = draws.weighted(customerWeightSum, eligible);
            if (!lead[i] && (churnAge[i] == NONE || churnAge[i] < age)) {
                return i;
            }
        }
        for (int i = 0; i < eligible; i++) {
            if (!lead[i] && (churnAge[i] == NONE || churnAge[i] < age)) {
                return i;
            }
        }
        return 0; // the oldest customer is never a lead and never churns
    }

    /** The customers that may be deleted: leads that never ordered, but never the newest one. */
    List<Integer> idleLeads() {
        List<Integer> idle = new ArrayList<>();
        for (int i = 0; i < lead.length - 1; i++) {
            if (lead[i] && churnAge[i] == NONE) {
                idle.add(i);
            }
        }
        return idle;
    }

    /** The customer rows, in sign-up order; call after every order has its {@link #buyer}. */
    List<Customer> rows(Set<Integer> deleted) {
        int n = customerAge.length;
        List<Customer> rows = new ArrayList<>(n);
        Set<String> emails = new HashSet<>();
        for (int i = 0; i < n; i++) {
            String first = Words.pick(random, Words.FIRST);
            String last = Words.pick(random, Words.LAST);
            String company = random.nextDouble() < 0.65 ? Words.company(random) : null;
            String domain = company == null ? Words.pick(random, Words.MAIL_DOMAINS) : Words.slug(company) + ".example";
            String local = Words.slug(first) + "." + Words.slug(last);
            String email = local + "@" + domain;
            for (int k = 2; !emails.add(email); k++) {
                email = local + k + "@" + domain;
            }
            String phone = random.nextDouble() < 0.8 ? Words.phone(random) : null;
            CustomerStatus status;
            long updated;
            if (churnAge[i] != NONE) {
                status = CustomerStatus.CHURNED;
                updated = churnAge[i];
            } else if (firstOrderAge[i] != NONE) {
                status = CustomerStatus.ACTIVE;
                updated = firstOrderAge[i];
            } else {
                status = CustomerStatus.LEAD; // flagged as a lead, or simply never ordered
                updated = customerAge[i];
            }
            Instant deletedAt = null;
            if (deleted.contains(i)) {
                updated = draws.later(customerAge[i], DAY, 60 * DAY);
                deletedAt = draws.at(updated);
            }
            rows.add(new Customer(
                    first + " " + last,
                    email,
                    phone,
                    company,
                    status,
                    draws.at(customerAge[i]),
                    draws.at(updated),
                    deletedAt));
        }
        return rows;
    }
}
