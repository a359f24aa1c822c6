package dev.brisk.datagen;

import static dev.brisk.datagen.DataSet.MICROS_PER_DAY;
import static dev.brisk.datagen.DataSet.MICROS_PER_HOUR;
import static dev.brisk.datagen.DataSet.MICROS_PER_MINUTE;
import static dev.brisk.datagen.DataSet.MICROS_PER_SECOND;

import java.util.SplittableRandom;

/**
 * Orders in creation order, each with its items and (for about 80 % of them) its invoice. The
 * stream is deterministic: every pass over a fresh stream yields the same rows, which is how the
 * loader fills orders, order_items and invoices through one connection without holding them.
 *
 * <p>The story: recent orders are mostly drafts or placed, old ones mostly shipped; items are
 * products for sale when the order was made; invoices follow their orders (paid, open on net-30
 * terms and overdue after that, void for cancelled and refunded ones), numbered in creation order;
 * 1 % of the drafts and cancelled orders are deleted with their items and invoice. A tenant (one
 * organization) also gets pinned orders, so that every status exists at any size.
 *
 * <p>One mutable {@link #next()} result is reused; read it before the next call.
 */
final class OrderStream {

    static final String[] ORDER_STATUSES = {"DRAFT", "PLACED", "PAID", "SHIPPED", "CANCELLED", "REFUNDED"};
    static final String[] INVOICE_STATUSES = {"DRAFT", "SENT", "PAID", "OVERDUE", "VOID"};

    static final int DRAFT = 0;
    static final int PLACED = 1;
    static final int PAID = 2;
    static final int SHIPPED = 3;
    static final int CANCELLED = 4;
    static final int REFUNDED = 5;

    static final int INV_DRAFT = 0;
    static final int INV_SENT = 1;
    static final int INV_PAID = 2;
    static final int INV_OVERDUE = 3;
    static final int INV_VOID = 4;

    // status weights (percent) by order age: < 3 days, < 14 days, older
    private static final int[][] STATUS_MIX = {
        {25, 45, 15, 5, 8, 2},
        {8, 25, 30, 27, 8, 2},
        {6, 8, 18, 50, 12, 6},
    };

    /** Items per order: 1..5, fewer more often (2.8 on average). */
    private static final int[] ITEM_COUNTS = itemCounts(24, 22, 20, 18, 16);

    /** Invoices fall due this many days after they are issued. */
    static final int PAYMENT_TERMS_DAYS = 30;

    private static int[] itemCounts(int... percent) {
        int[] counts = new int[100];
        int k = 0;
        for (int n = 0; n < percent.length; n++) {
            for (int c = 0; c < percent[n]; c++) {
                counts[k++] = n + 1;
            }
        }
        return counts;
    }

    private final DataSet data;
    private final SplittableRandom rng;
    private final long orders;
    private final long[] orderCounter;
    private final long[] invoiceCounter;
    private long index;
    private long nextItemId = 1;
    private long nextInvoiceId = 1;
    private final long[] lastInvoiceCreated;

    // --- the current order ---
    long id;
    int org; // 0-based
    long customerId;
    long number;
    int status;
    long total;
    long createdAt;
    long placedAt;
    long updatedAt;
    long deletedAt;

    int itemCount;
    final long[] itemId = new long[5];
    final long[] itemProduct = new long[5];
    final int[] itemQuantity = new int[5];
    final long[] itemPrice = new long[5];

    boolean invoiced;
    long invoiceId;
    long invoiceNumber;
    int invoiceStatus;
    long invoiceIssuedAt;
    long invoiceDueDay;
    long invoicePaidAt;
    long invoiceCreatedAt;
    long invoiceUpdatedAt;

    OrderStream(DataSet data) {
        this.data = data;
        this.rng = new SplittableRandom(DataSet.mix(data.seed, 0x0D0E5));
        this.orders = data.size.orders();
        this.orderCounter = new long[data.orgs];
        this.invoiceCounter = new long[data.orgs];
        this.lastInvoiceCreated = new long[data.orgs];
        java.util.Arrays.fill(lastInvoiceCreated, Long.MIN_VALUE);
    }

    boolean hasNext() {
        return index < orders;
    }

    /** Orders per organization so far (the org_counters value once the stream is drained). */
    long orderCounter(int org) {
        return orderCounter[org];
    }

    long invoiceCounter(int org) {
        return invoiceCounter[org];
    }

    /** What an order's invoice becomes, decided with its status. */
    private static final int PLAN_NONE = -1;

    private static final int PLAN_UNPAID = -2;

    /**
     * Pinned orders of a tenant (a one-organization data set), by position: the first ones are old,
     * the last three recent, so that every order and invoice status exists (and some deleted rows)
     * at any size. Each entry: order status, invoice plan (an invoice status, {@link #PLAN_UNPAID}
     * for SENT or OVERDUE by age, {@link #PLAN_NONE}), deleted (1) or not.
     */
    private static final int[][] FIRST_PINS = {
        {PLACED, PLAN_UNPAID, 0}, // overdue: a year old
        {SHIPPED, INV_PAID, 0},
        {REFUNDED, INV_VOID, 0},
        {CANCELLED, PLAN_NONE, 0},
        {PAID, INV_PAID, 0},
        {CANCELLED, INV_VOID, 1},
        {DRAFT, PLAN_NONE, 1},
    };

    private static final int[][] LAST_PINS = {
        {PLACED, PLAN_UNPAID, 0}, // sent: days old, due in a month
        {PLACED, INV_DRAFT, 0},
        {DRAFT, PLAN_NONE, 0},
    };

    void next() {
        long end = data.endMicros - MICROS_PER_SECOND; // nothing happens after asOf
        long i = index++;
        id = i + 1;
        int[] pin = null;
        if (data.orgs == 1 && orders >= FIRST_PINS.length + LAST_PINS.length) {
            long fromEnd = orders - 1 - i;
            pin = i < FIRST_PINS.length
                    ? FIRST_PINS[(int) i]
                    : fromEnd < LAST_PINS.length ? LAST_PINS[LAST_PINS.length - 1 - (int) fromEnd] : null;
        }
        createdAt = data.orderCreated(i, orders, rng.nextDouble());
        if (pin != null && orders - 1 - i < LAST_PINS.length) {
            // the last three of a tenant fall in the last two days, whatever the size
            createdAt = Math.max(
                    createdAt, end - 2 * MICROS_PER_DAY + (LAST_PINS.length - (orders - 1 - i)) * MICROS_PER_HOUR);
        }
        org = data.pickOrg(rng.nextDouble());
        customerId = data.pickCustomer(org, createdAt, rng);
        if (pin != null && i == 0) {
            customerId = data.firstCustomer(org); // who thereby is an ACTIVE customer
        }
        number = ++orderCounter[org];
        items();

        // status by age, then the invoice it gets, then the timeline both imply
        long age = data.endMicros - createdAt;
        int[] mix = STATUS_MIX[age < 3 * MICROS_PER_DAY ? 0 : age < 14 * MICROS_PER_DAY ? 1 : 2];
        int roll = rng.nextInt(100);
        status = 0;
        while (roll >= mix[status]) {
            roll -= mix[status];
            status++;
        }
        boolean placed = rng.nextBoolean();
        int plan = plan(rng.nextInt(100));
        if (pin != null) {
            status = pin[0];
            plan = pin[1];
        }
        // a cancelled order was placed when it has a (void) invoice, half of the others were
        placed = status != DRAFT && (status != CANCELLED || plan != PLAN_NONE || placed);
        if (status == CANCELLED && !placed) {
            plan = PLAN_NONE;
        }

        long last = createdAt;
        placedAt = DataSet.NONE;
        if (placed) {
            placedAt = Math.min(end, createdAt + MICROS_PER_MINUTE + (long) (rng.nextDouble() * 6 * MICROS_PER_HOUR));
            last = placedAt;
        }
        long paidEvent = DataSet.NONE;
        if (status == PAID || status == SHIPPED || status == REFUNDED) {
            paidEvent = Math.min(end, last + (long) (rng.nextDouble() * 3 * MICROS_PER_DAY));
            last = paidEvent;
        }
        if (status == SHIPPED || status == REFUNDED) {
            last = Math.min(end, last + MICROS_PER_DAY + (long) (rng.nextDouble() * 4 * MICROS_PER_DAY));
        }
        if (status == REFUNDED) {
            last = Math.min(end, last + 3 * MICROS_PER_DAY + (long) (rng.nextDouble() * 17 * MICROS_PER_DAY));
        }
        if (status == CANCELLED) {
            last = Math.min(end, last + (long) (rng.nextDouble() * 2 * MICROS_PER_DAY));
        }
        updatedAt = Math.max(createdAt, last);

        invoiced = plan != PLAN_NONE;
        if (invoiced) {
            invoice(plan, paidEvent, end);
        }

        // abandoned drafts and cancelled orders: 1 % deleted, with their items and invoice
        boolean delete = rng.nextInt(1000) < 10 && (status == DRAFT || status == CANCELLED);
        if (pin != null) {
            delete = pin[2] == 1;
        }
        deletedAt = DataSet.NONE;
        if (delete) {
            long after = invoiced ? Math.max(updatedAt, invoiceUpdatedAt) : updatedAt;
            deletedAt = Math.max(after, Math.min(end, after + (long) (rng.nextDouble() * MICROS_PER_DAY)));
            updatedAt = deletedAt;
            if (invoiced) {
                invoiceUpdatedAt = deletedAt;
            }
        }
    }

    /** The invoice plan of an order of the current status, from a roll 0..99. */
    private int plan(int roll) {
        return switch (status) {
            case PLACED -> roll < 50 ? PLAN_NONE : roll < 60 ? INV_DRAFT : PLAN_UNPAID;
            case PAID -> INV_PAID;
            case SHIPPED -> roll < 85 ? INV_PAID : PLAN_UNPAID;
            case CANCELLED -> roll < 30 ? INV_VOID : PLAN_NONE;
            case REFUNDED -> INV_VOID;
            default -> PLAN_NONE;
        };
    }

    /** 1..5 distinct products that are for sale when the order is made, popular ones more often, mostly quantity 1. */
    private void items() {
        int wanted = ITEM_COUNTS[rng.nextInt(ITEM_COUNTS.length)];
        total = 0;
        itemCount = 0;
        int p = data.productsPerOrg;
        int base = org * p;
        for (int attempt = 0; attempt < 60 && itemCount < wanted; attempt++) {
            double u = rng.nextDouble();
            int pick = (int) (p * u * u);
            if (!data.sellable(base + pick, createdAt) || chosen(base + pick + 1L)) {
                continue;
            }
            add(base + pick);
        }
        if (itemCount == 0) {
            add(base + 1); // product 1 is always for sale
        }
    }

    private boolean chosen(long productId) {
        for (int m = 0; m < itemCount; m++) {
            if (itemProduct[m] == productId) {
                return true;
            }
        }
        return false;
    }

    private void add(int product) {
        double q = rng.nextDouble();
        int k = itemCount++;
        itemId[k] = nextItemId++;
        itemProduct[k] = product + 1L;
        itemQuantity[k] = 1 + (int) (5 * q * q * q);
        itemPrice[k] = data.productPrice[product];
        total += itemQuantity[k] * itemPrice[k];
    }

    /**
     * The current order's invoice: created within two hours of the order being placed, but never
     * before the org's previous invoice, so numbers follow creation. Unpaid ones are OVERDUE once
     * issued 30 days ago (decided on the age, so only the dates move with asOf), else SENT.
     */
    private void invoice(int plan, long paidEvent, long end) {
        invoiceId = nextInvoiceId++;
        invoiceNumber = ++invoiceCounter[org];
        long created = Math.min(end, placedAt + (long) (rng.nextDouble() * 2 * MICROS_PER_HOUR));
        created = Math.max(created, lastInvoiceCreated[org]);
        lastInvoiceCreated[org] = created;
        invoiceCreatedAt = created;
        invoiceIssuedAt = plan == INV_DRAFT ? DataSet.NONE : created;
        invoicePaidAt = DataSet.NONE;
        invoiceDueDay = Math.floorDiv(created, MICROS_PER_DAY) + PAYMENT_TERMS_DAYS;
        invoiceStatus = plan;
        if (plan == PLAN_UNPAID) {
            if (data.endMicros - created >= PAYMENT_TERMS_DAYS * MICROS_PER_DAY) {
                invoiceStatus = INV_OVERDUE;
                invoiceDueDay = Math.min(invoiceDueDay, Math.floorDiv(data.endMicros, MICROS_PER_DAY) - 1);
            } else {
                invoiceStatus = INV_SENT;
            }
        }
        if (invoiceStatus == INV_PAID) {
            long paid = Math.max(created, paidEvent == DataSet.NONE ? created : paidEvent);
            invoicePaidAt = Math.max(created, Math.min(end, paid + MICROS_PER_MINUTE));
        }
        invoiceUpdatedAt = invoicePaidAt == DataSet.NONE ? created : invoicePaidAt;
        if (status == CANCELLED || status == REFUNDED) {
            invoiceUpdatedAt = Math.max(invoiceUpdatedAt, Math.min(end, updatedAt));
        }
    }
}
