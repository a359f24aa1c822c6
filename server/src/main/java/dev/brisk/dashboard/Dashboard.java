package dev.brisk.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The dashboard of one organization, as {@code get_dashboard_summary(org)} and the live
 * computation both return it (definitions: V100__dashboard_views.sql). Money is in minor units of
 * {@code currency}; "30 days" are the 30 UTC calendar days ending on {@code asOf}'s date.
 *
 * @param asOf when the numbers were computed
 * @param stalenessSeconds age of the numbers when they were served; null until then
 */
record Dashboard(
        long orgId,
        String currency,
        Instant asOf,
        Long stalenessSeconds,
        Customers customers,
        List<StatusCount> ordersByStatus,
        Orders orders,
        Revenue revenue,
        Invoices invoices,
        List<TopProduct> topProducts,
        List<TopCustomer> topCustomers,
        List<DayRevenue> revenueDaily) {

    record Customers(long total, long active, long new30Days) {}

    record StatusCount(String status, long count, long amount) {}

    /** @param growthPct null when the previous 30 days had none */
    record Orders(long last30Days, long previous30Days, Double growthPct) {}

    /** @param paidOrders30Days orders that count as revenue (PAID, SHIPPED) in the last 30 days */
    record Revenue(
            long last30Days, long previous30Days, Double growthPct, long paidOrders30Days, long averageOrderValue) {}

    record Invoices(long outstandingCount, long outstandingAmount, long overdueCount, long overdueAmount) {}

    record TopProduct(long productId, String sku, String name, long quantity, long revenue) {}

    record TopCustomer(long customerId, String name, long orders, long revenue) {}

    record DayRevenue(LocalDate day, long orders, long revenue) {}

    /** The same numbers, with their age at {@code now}. */
    Dashboard servedAt(Instant now) {
        long age = Math.max(0, Duration.between(asOf, now).toSeconds());
        return new Dashboard(
                orgId,
                currency,
                asOf,
                age,
                customers,
                ordersByStatus,
                orders,
                revenue,
                invoices,
                topProducts,
                topCustomers,
                revenueDaily);
    }
}
