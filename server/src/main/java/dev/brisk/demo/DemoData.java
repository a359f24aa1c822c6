package dev.brisk.demo;

import dev.brisk.customers.CustomerStatus;
import dev.brisk.invoices.InvoiceStatus;
import dev.brisk.orders.OrderStatus;
import dev.brisk.products.ProductStatus;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * One organization's demo data, made in memory by a pure function of the sizes, a random seed and
 * "now". Every decision is taken on ages (seconds before now), never on the calendar, so two runs
 * with the same seed give the same names, amounts and statuses whenever they run; only the
 * timestamps move with the clock, which keeps the dashboard's "last 30 days" filled.
 *
 * <p>The story it tells: customers signed up over two years (most before the orders began), a few
 * are leads who never ordered, some churned half a year ago or more; products were created before
 * the first order and a few were archived later; orders grow a little towards today, are drafts or
 * placed when recent and mostly shipped when old; invoices follow their orders (paid, open with
 * net-30 terms, overdue, void for refunds). A few rows of each kind are soft-deleted. Rows are
 * listed in creation order and numbered 1..n in that order.
 */
final class DemoData {

    record Sizes(int customers, int products, int orders) {}

    record Customer(
            String name,
            String email,
            String phone,
            String company,
            CustomerStatus status,
            Instant createdAt,
            Instant updatedAt,
            Instant deletedAt) {}

    record Product(
            String sku,
            String name,
            long price,
            ProductStatus status,
            int stock,
            Instant createdAt,
            Instant updatedAt,
            Instant deletedAt) {}

    /** {@code product} is an index into {@link Dataset#products()}. */
    record Item(int product, int quantity, long unitPrice) {}

    /** {@code customer} is an index into {@link Dataset#customers()}; items share the order's times. */
    record Order(
            long number,
            int customer,
            OrderStatus status,
            long total,
            Instant placedAt,
            Instant createdAt,
            Instant updatedAt,
            Instant deletedAt,
            List<Item> items) {}

    /** {@code order} is an index into {@link Dataset#orders()}; the customer is the order's. */
    record Invoice(
            long number,
            int order,
            InvoiceStatus status,
            long amount,
            Instant issuedAt,
            LocalDate dueDate,
            Instant paidAt,
            Instant createdAt,
            Instant updatedAt,
            Instant deletedAt) {

        Invoice deleted(Instant at) {
            return new Invoice(number, order, status, amount, issuedAt, dueDate, paidAt, createdAt, at, at);
        }

        Invoice numbered(long n) {
            return new Invoice(n, order, status, amount, issuedAt, dueDate, paidAt, createdAt, updatedAt, deletedAt);
        }
    }

    record Dataset(List<Customer> customers, List<Product> products, List<Order> orders, List<Invoice> invoices) {

        int items() {
            return orders.stream().mapToInt(o -> o.items().size()).sum();
        }
    }

    static final long MINUTE = 60;
    static final long HOUR = 3_600;
    static final long DAY = 86_400;
    /** Orders span this many days back from now. */
    static final int ORDER_DAYS = 365;
    /** Invoices fall due this many days after they are issued. */
    static final int PAYMENT_TERMS_DAYS = 30;
    /** An age for "never" (no invoice issued, not paid). */
    static final long NONE = -1;

    private enum InvoicePlan {
        NONE,
        DRAFT,
        UNPAID,
        PAID,
        VOID
    }

    private final Sizes sizes;
    private final Random random;
    private final Draws draws;

    private DemoData(Sizes sizes, long seed, Instant now) {
        this.sizes = sizes;
        this.random = new Random(seed);
        this.draws = new Draws(random, now);
    }

    /** The data set for one organization; equal arguments give equal data sets. */
    static Dataset generate(Sizes sizes, long seed, Instant now) {
        if (sizes.customers() < DemoProperties.MIN_CUSTOMERS
                || sizes.products() < DemoProperties.MIN_PRODUCTS
                || sizes.orders() < DemoProperties.MIN_ORDERS) {
            throw new IllegalArgumentException(
                    "Demo data needs at least 10 customers, 10 products and 20 orders: " + sizes);
        }
        return new DemoData(sizes, seed, now).build();
    }

    // ---- orders and invoices ----------------------------------------------------------------

    /** What an order is, before it gets times: status and what its invoice should become. */
    private record Plan(OrderStatus status, InvoicePlan invoice) {}

    private Dataset build() {
        DemoCustomers customers = new DemoCustomers(sizes.customers(), random, draws);
        DemoCatalog catalog = new DemoCatalog(sizes.products(), random, draws);
        List<Product> products = catalog.products();

        int n = sizes.orders();
        // Stratified over the year (the i-th order falls in the i-th n-quantile of a density rising
        // from 0.5 to 1.5), so month-to-month growth is steady rather than noise; oldest first.
        long[] age = new long[n];
        for (int i = 0; i < n; i++) {
            double f = (i + random.nextDouble()) / n;
            double x = Math.sqrt(0.25 + 2 * f) - 0.5; // inverse of F(x) = x/2 + x²/2; 0 = a year ago, 1 = now
            age[i] = Math.max(MINUTE, (long) ((1 - x) * ORDER_DAYS * DAY));
        }
        age[0] = Math.max(age[0], 300 * DAY); // an old order, to be overdue
        for (int k = 0; k < 3; k++) { // three from the last two days
            age[n - 3 + k] = Math.min(age[n - 3 + k], 2 * DAY - k * HOUR);
        }

        Plan[] plans = new Plan[n];
        for (int i = 0; i < n; i++) {
            plans[i] = plan(age[i]);
        }
        // A few orders are pinned so that every order and invoice status exists at any size.
        plans[0] = new Plan(OrderStatus.PLACED, InvoicePlan.UNPAID); // → OVERDUE
        plans[1] = new Plan(OrderStatus.SHIPPED, InvoicePlan.PAID);
        plans[2] = new Plan(OrderStatus.REFUNDED, InvoicePlan.VOID);
        plans[3] = new Plan(OrderStatus.CANCELLED, InvoicePlan.NONE);
        plans[4] = new Plan(OrderStatus.PAID, InvoicePlan.PAID);
        plans[n - 3] = new Plan(OrderStatus.PLACED, InvoicePlan.UNPAID); // → SENT, due in a month
        plans[n - 2] = new Plan(OrderStatus.PLACED, InvoicePlan.DRAFT);
        plans[n - 1] = new Plan(OrderStatus.DRAFT, InvoicePlan.NONE);
        plans[5] = new Plan(OrderStatus.CANCELLED, InvoicePlan.VOID); // not pinned: there to be deleted
        Set<Integer> pinned = Set.of(0, 1, 2, 3, 4, n - 3, n - 2, n - 1);

        // Deleted orders: abandoned drafts and cancelled orders, never a pinned one.
        List<Integer> deletable = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (!pinned.contains(i)
                    && (plans[i].status() == OrderStatus.DRAFT || plans[i].status() == OrderStatus.CANCELLED)) {
                deletable.add(i);
            }
        }
        Set<Integer> deletedOrders = new HashSet<>(draws.sample(deletable, Math.max(2, n / 250)));

        List<Order> orders = new ArrayList<>(n);
        List<Invoice> invoices = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Plan plan = plans[i];
            int customer = customers.buyer(age[i]);
            List<Item> items = catalog.items(age[i]);
            long total = items.stream()
                    .mapToLong(it -> it.quantity() * it.unitPrice())
                    .sum();

            long placed = switch (plan.status()) {
                case DRAFT -> NONE;
                case CANCELLED ->
                    plan.invoice() == InvoicePlan.VOID || random.nextDouble() < 0.6
                            ? draws.later(age[i], MINUTE, 3 * HOUR)
                            : NONE;
                default -> draws.later(age[i], MINUTE, 3 * HOUR);
            };
            long since = placed == NONE ? age[i] : placed;
            long updated = switch (plan.status()) {
                case DRAFT -> draws.later(age[i], 0, Math.min(age[i], 2 * DAY));
                case PLACED -> placed;
                case PAID -> draws.later(placed, HOUR, 3 * DAY);
                case SHIPPED -> draws.later(placed, DAY, 5 * DAY);
                case CANCELLED -> draws.later(since, HOUR, 2 * DAY);
                case REFUNDED -> draws.later(placed, 5 * DAY, 30 * DAY);
            };
            Invoice invoice = plan.invoice() == InvoicePlan.NONE
                    ? null
                    : invoice(i, plan.invoice(), total, draws.later(since, 10 * MINUTE, DAY));
            Instant deletedAt = null;
            if (deletedOrders.contains(i)) {
                // Deleted after anything else happened to it; its items and invoice go with it.
                long last = invoice == null ? updated : Math.min(updated, draws.ageOf(invoice.updatedAt()));
                updated = draws.later(last, HOUR, 10 * DAY);
                deletedAt = draws.at(updated);
                invoice = invoice == null ? null : invoice.deleted(deletedAt);
            }
            orders.add(new Order(
                    i + 1,
                    customer,
                    plan.status(),
                    total,
                    draws.atOrNull(placed),
                    draws.at(age[i]),
                    draws.at(updated),
                    deletedAt,
                    items));
            if (invoice != null) {
                invoices.add(invoice);
            }
        }

        // Deleted invoices besides those of deleted orders: discarded drafts and voided ones.
        List<Integer> discardable = new ArrayList<>();
        for (int k = 0; k < invoices.size(); k++) {
            Invoice inv = invoices.get(k);
            if (!pinned.contains(inv.order())
                    && inv.deletedAt() == null
                    && (inv.status() == InvoiceStatus.DRAFT || inv.status() == InvoiceStatus.VOID)) {
                discardable.add(k);
            }
        }
        for (int k : draws.sample(discardable, Math.max(1, invoices.size() / 500))) {
            Invoice inv = invoices.get(k);
            invoices.set(k, inv.deleted(draws.at(draws.later(draws.ageOf(inv.updatedAt()), HOUR, 5 * DAY))));
        }

        // Invoices are numbered in the order they were created (a stable sort keeps ties in order).
        List<Invoice> numbered = new ArrayList<>(invoices);
        numbered.sort(Comparator.comparing(Invoice::createdAt));
        for (int k = 0; k < numbered.size(); k++) {
            numbered.set(k, numbered.get(k).numbered(k + 1));
        }

        // Deleted customers: leads that never ordered, but never the newest one.
        Set<Integer> deletedCustomers =
                new HashSet<>(draws.sample(customers.idleLeads(), Math.max(1, sizes.customers() / 100)));

        return new Dataset(customers.rows(deletedCustomers), products, orders, numbered);
    }

    /** Status by age: recent orders are still drafts or placed, old ones mostly shipped. */
    private Plan plan(long age) {
        double x = random.nextDouble();
        OrderStatus status;
        if (age < 2 * DAY) {
            status = x < 0.25
                    ? OrderStatus.DRAFT
                    : x < 0.70 ? OrderStatus.PLACED : x < 0.90 ? OrderStatus.PAID : OrderStatus.CANCELLED;
        } else if (age < 10 * DAY) {
            status = x < 0.06
                    ? OrderStatus.DRAFT
                    : x < 0.26
                            ? OrderStatus.PLACED
                            : x < 0.50
                                    ? OrderStatus.PAID
                                    : x < 0.92
                                            ? OrderStatus.SHIPPED
                                            : x < 0.98 ? OrderStatus.CANCELLED : OrderStatus.REFUNDED;
        } else {
            status = x < 0.02
                    ? OrderStatus.DRAFT
                    : x < 0.05
                            ? OrderStatus.PLACED
                            : x < 0.10
                                    ? OrderStatus.PAID
                                    : x < 0.88
                                            ? OrderStatus.SHIPPED
                                            : x < 0.96 ? OrderStatus.CANCELLED : OrderStatus.REFUNDED;
        }
        double y = random.nextDouble();
        InvoicePlan invoice = switch (status) {
            case DRAFT -> InvoicePlan.NONE;
            case PLACED ->
                y < 0.15 ? InvoicePlan.NONE : age < 3 * DAY && y < 0.55 ? InvoicePlan.DRAFT : InvoicePlan.UNPAID;
            case PAID -> y < 0.03 ? InvoicePlan.NONE : InvoicePlan.PAID;
            // Shipped on net-30 terms: some recent ones are still open, a few old ones were never paid.
            case SHIPPED ->
                y < 0.04
                        ? InvoicePlan.NONE
                        : y < (age < 60 * DAY ? 0.16 : 0.06) ? InvoicePlan.UNPAID : InvoicePlan.PAID;
            case CANCELLED -> y < 0.25 ? InvoicePlan.VOID : InvoicePlan.NONE;
            case REFUNDED -> InvoicePlan.VOID;
        };
        return new Plan(status, invoice);
    }

    private Invoice invoice(int order, InvoicePlan plan, long amount, long created) {
        long issued = plan == InvoicePlan.DRAFT ? NONE : draws.later(created, 0, 6 * HOUR);
        long paid = NONE;
        InvoiceStatus status;
        long updated;
        LocalDate due = draws.dateOf(issued == NONE ? created : issued).plusDays(PAYMENT_TERMS_DAYS);
        switch (plan) {
            case DRAFT -> {
                status = InvoiceStatus.DRAFT;
                updated = created;
            }
            case PAID -> {
                status = InvoiceStatus.PAID;
                paid = draws.later(issued, HOUR, 25 * DAY);
                updated = paid;
            }
            case UNPAID -> {
                // Decided on the age, so the status does not depend on the time of day; the due date
                // of an overdue invoice is always before today.
                if (issued >= PAYMENT_TERMS_DAYS * DAY) {
                    status = InvoiceStatus.OVERDUE;
                    LocalDate yesterday = draws.dateOf(0).minusDays(1);
                    due = due.isAfter(yesterday) ? yesterday : due;
                } else {
                    status = InvoiceStatus.SENT;
                }
                updated = issued;
            }
            case VOID -> {
                status = InvoiceStatus.VOID;
                updated = draws.later(issued, DAY, 20 * DAY);
            }
            default -> throw new IllegalStateException(plan.name());
        }
        return new Invoice(
                0,
                order,
                status,
                amount,
                draws.atOrNull(issued),
                due,
                draws.atOrNull(paid),
                draws.at(created),
                draws.at(updated),
                null);
    }
}
