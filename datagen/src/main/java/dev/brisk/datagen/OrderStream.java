package dev.brisk.datagen;

import static dev.brisk.datagen.DataSet.MICROS_PER_DAY;
import static dev.brisk.datagen.DataSet.MICROS_PER_HOUR;
import static dev.brisk.datagen.DataSet.MICROS_PER_MINUTE;
import static dev.brisk.datagen.DataSet.MICROS_PER_SECOND;

import java.util.SplittableRandom;

/**
 * Orders in creation order, each with its items and (for about 82 % of them) its invoice. The
 * stream is deterministic: every pass over a fresh stream yields the same rows, which is how the
 * loader fills orders, order_items and invoices through one connection without holding them.
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

    private final DataSet data;
    private final SplittableRandom rng;
    private final long orders;
    private final long[] orderCounter;
    private final long[] invoiceCounter;
    private long index;
    private long nextItemId = 1;
    private long nextInvoiceId = 1;

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

    void next() {
        long end = data.endMicros - MICROS_PER_SECOND; // nothing happens after asOf
        id = index + 1;
        createdAt = data.orderCreated(index, orders, rng.nextDouble());
        index++;
        org = data.pickOrg(rng.nextDouble());
        customerId = data.pickCustomer(org, createdAt, rng.nextDouble());
        number = ++orderCounter[org];

        // items: 1..5 distinct products, popular ones more often, mostly quantity 1
        itemCount = 1 + rng.nextInt(5);
        total = 0;
        int p = data.productsPerOrg;
        for (int k = 0; k < itemCount; k++) {
            int pick;
            boolean dup;
            do {
                double u = rng.nextDouble();
                pick = (int) (p * u * u);
                dup = false;
                for (int m = 0; m < k; m++) {
                    if (itemProduct[m] == (long) org * p + pick + 1) {
                        dup = true;
                        break;
                    }
                }
            } while (dup);
            double q = rng.nextDouble();
            itemId[k] = nextItemId++;
            itemProduct[k] = (long) org * p + pick + 1;
            itemQuantity[k] = 1 + (int) (5 * q * q * q);
            itemPrice[k] = data.productPrice[org * p + pick];
            total += itemQuantity[k] * itemPrice[k];
        }

        // status by age, then the timeline that status implies
        long age = data.endMicros - createdAt;
        int[] mix = STATUS_MIX[age < 3 * MICROS_PER_DAY ? 0 : age < 14 * MICROS_PER_DAY ? 1 : 2];
        int roll = rng.nextInt(100);
        status = 0;
        while (roll >= mix[status]) {
            roll -= mix[status];
            status++;
        }
        long last = createdAt;
        placedAt = Long.MIN_VALUE;
        boolean placed = status != DRAFT && (status != CANCELLED || rng.nextBoolean());
        if (placed) {
            placedAt = Math.min(end, createdAt + MICROS_PER_MINUTE + (long) (rng.nextDouble() * 6 * MICROS_PER_HOUR));
            last = placedAt;
        }
        long paidEvent = Long.MIN_VALUE;
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
        deletedAt = Long.MIN_VALUE;
        if ((status == DRAFT || status == CANCELLED) && rng.nextInt(100) < 5) {
            deletedAt = Math.min(end, updatedAt + (long) (rng.nextDouble() * MICROS_PER_DAY));
            deletedAt = Math.max(deletedAt, updatedAt);
            updatedAt = deletedAt;
        }

        // invoice
        invoiced = switch (status) {
            case PLACED -> rng.nextBoolean();
            case PAID, SHIPPED, REFUNDED -> true;
            case CANCELLED -> rng.nextInt(10) < 3;
            default -> false;
        };
        if (!invoiced) {
            return;
        }
        invoiceId = nextInvoiceId++;
        invoiceNumber = ++invoiceCounter[org];
        long base = placedAt != Long.MIN_VALUE ? placedAt : createdAt;
        invoiceCreatedAt = Math.min(end, base + (long) (rng.nextDouble() * 2 * MICROS_PER_HOUR));
        invoiceIssuedAt = invoiceCreatedAt;
        invoicePaidAt = Long.MIN_VALUE;
        invoiceDueDay = Math.floorDiv(invoiceCreatedAt, MICROS_PER_DAY) + 30;
        long todayDay = Math.floorDiv(data.endMicros, MICROS_PER_DAY);
        boolean unpaidStatus = false;
        switch (status) {
            case PLACED -> {
                if (rng.nextInt(10) < 2) {
                    invoiceStatus = INV_DRAFT;
                    invoiceIssuedAt = Long.MIN_VALUE;
                } else {
                    unpaidStatus = true;
                }
            }
            case PAID -> invoiceStatus = INV_PAID;
            case SHIPPED -> {
                if (rng.nextInt(100) < 85) {
                    invoiceStatus = INV_PAID;
                } else {
                    unpaidStatus = true;
                }
            }
            default -> invoiceStatus = INV_VOID; // CANCELLED, REFUNDED
        }
        if (unpaidStatus) {
            invoiceStatus = invoiceDueDay < todayDay ? INV_OVERDUE : INV_SENT;
        }
        if (invoiceStatus == INV_PAID || status == REFUNDED) {
            long paid = Math.max(invoiceCreatedAt, paidEvent == Long.MIN_VALUE ? invoiceCreatedAt : paidEvent);
            invoicePaidAt = Math.min(end, paid + MICROS_PER_MINUTE);
            invoicePaidAt = Math.max(invoicePaidAt, invoiceCreatedAt);
        }
        invoiceUpdatedAt =
                Math.max(invoiceCreatedAt, invoicePaidAt == Long.MIN_VALUE ? invoiceCreatedAt : invoicePaidAt);
        if (status == CANCELLED || status == REFUNDED) {
            invoiceUpdatedAt = Math.max(invoiceUpdatedAt, Math.min(end, updatedAt));
        }
    }
}
