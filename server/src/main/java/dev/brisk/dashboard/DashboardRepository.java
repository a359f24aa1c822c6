package dev.brisk.dashboard;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a dashboard two ways that must always agree: from the materialized views (one call of
 * {@code get_dashboard_summary}), or computed live from the business tables by plain subqueries,
 * which is what baseline mode serves and what the tests hold the views to.
 */
@Repository
class DashboardRepository {

    /**
     * The live computation: the KPI definitions of V100__dashboard_views.sql written as one
     * statement of independent subqueries over the business tables, with the same JSON shape as
     * {@code get_dashboard_summary}. {@code :asOf} fixes "now" (null: the statement's own now()).
     */
    static final String LIVE = """
            WITH w AS (
                SELECT as_of,
                       (as_of AT TIME ZONE 'UTC')::date AS today,
                       (((as_of AT TIME ZONE 'UTC')::date - 59)::timestamp AT TIME ZONE 'UTC') AS prev_start,
                       (((as_of AT TIME ZONE 'UTC')::date - 29)::timestamp AT TIME ZONE 'UTC') AS cur_start,
                       (((as_of AT TIME ZONE 'UTC')::date + 1)::timestamp AT TIME ZONE 'UTC')  AS cur_end
                FROM (SELECT coalesce(CAST(:asOf AS timestamptz), now()) AS as_of) p
            ), k AS (
                SELECT w.*,
                       (SELECT count(*) FROM orders o WHERE o.org_id = :orgId AND o.deleted_at IS NULL
                          AND o.status IN ('PLACED', 'PAID', 'SHIPPED', 'REFUNDED')
                          AND o.placed_at >= w.cur_start AND o.placed_at < w.cur_end)        AS orders_last,
                       (SELECT count(*) FROM orders o WHERE o.org_id = :orgId AND o.deleted_at IS NULL
                          AND o.status IN ('PLACED', 'PAID', 'SHIPPED', 'REFUNDED')
                          AND o.placed_at >= w.prev_start AND o.placed_at < w.cur_start)     AS orders_previous,
                       (SELECT coalesce(sum(o.total), 0) FROM orders o WHERE o.org_id = :orgId AND o.deleted_at IS NULL
                          AND o.status IN ('PAID', 'SHIPPED')
                          AND o.placed_at >= w.cur_start AND o.placed_at < w.cur_end)        AS revenue_last,
                       (SELECT coalesce(sum(o.total), 0) FROM orders o WHERE o.org_id = :orgId AND o.deleted_at IS NULL
                          AND o.status IN ('PAID', 'SHIPPED')
                          AND o.placed_at >= w.prev_start AND o.placed_at < w.cur_start)     AS revenue_previous,
                       (SELECT count(*) FROM orders o WHERE o.org_id = :orgId AND o.deleted_at IS NULL
                          AND o.status IN ('PAID', 'SHIPPED')
                          AND o.placed_at >= w.cur_start AND o.placed_at < w.cur_end)        AS paid_last
                FROM w
            )
            SELECT jsonb_build_object(
                'orgId', CAST(:orgId AS bigint),
                'currency', (SELECT currency FROM organizations WHERE id = :orgId),
                'asOf', to_char(k.as_of AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
                'customers', jsonb_build_object(
                    'total', (SELECT count(*) FROM customers c WHERE c.org_id = :orgId AND c.deleted_at IS NULL),
                    'active', (SELECT count(*) FROM customers c WHERE c.org_id = :orgId AND c.deleted_at IS NULL
                                 AND c.status = 'ACTIVE'),
                    'new30Days', (SELECT count(*) FROM customers c WHERE c.org_id = :orgId AND c.deleted_at IS NULL
                                    AND c.created_at >= k.cur_start AND c.created_at < k.cur_end)),
                'ordersByStatus', (
                    SELECT jsonb_agg(jsonb_build_object(
                               'status', st.status,
                               'count', (SELECT count(*) FROM orders o WHERE o.org_id = :orgId
                                           AND o.deleted_at IS NULL AND o.status = st.status),
                               'amount', (SELECT coalesce(sum(o.total), 0) FROM orders o WHERE o.org_id = :orgId
                                           AND o.deleted_at IS NULL AND o.status = st.status)) ORDER BY st.n)
                    FROM unnest(ARRAY['DRAFT', 'PLACED', 'PAID', 'SHIPPED', 'CANCELLED', 'REFUNDED'])
                         WITH ORDINALITY AS st(status, n)),
                'orders', jsonb_build_object(
                    'last30Days', k.orders_last,
                    'previous30Days', k.orders_previous,
                    'growthPct', CASE WHEN k.orders_previous = 0 THEN NULL
                                      ELSE round((k.orders_last - k.orders_previous) * 100.0 / k.orders_previous, 1) END),
                'revenue', jsonb_build_object(
                    'last30Days', k.revenue_last,
                    'previous30Days', k.revenue_previous,
                    'growthPct', CASE WHEN k.revenue_previous = 0 THEN NULL
                                      ELSE round((k.revenue_last - k.revenue_previous) * 100.0 / k.revenue_previous, 1) END,
                    'paidOrders30Days', k.paid_last,
                    'averageOrderValue', CASE WHEN k.paid_last = 0 THEN 0
                                              ELSE round(k.revenue_last::numeric / k.paid_last)::bigint END),
                'invoices', jsonb_build_object(
                    'outstandingCount', (SELECT count(*) FROM invoices i WHERE i.org_id = :orgId
                                           AND i.deleted_at IS NULL AND i.status IN ('SENT', 'OVERDUE')),
                    'outstandingAmount', (SELECT coalesce(sum(i.amount), 0) FROM invoices i WHERE i.org_id = :orgId
                                           AND i.deleted_at IS NULL AND i.status IN ('SENT', 'OVERDUE')),
                    'overdueCount', (SELECT count(*) FROM invoices i WHERE i.org_id = :orgId AND i.deleted_at IS NULL
                                       AND (i.status = 'OVERDUE' OR (i.status = 'SENT' AND i.due_date < k.today))),
                    'overdueAmount', (SELECT coalesce(sum(i.amount), 0) FROM invoices i WHERE i.org_id = :orgId
                                        AND i.deleted_at IS NULL
                                        AND (i.status = 'OVERDUE' OR (i.status = 'SENT' AND i.due_date < k.today)))),
                'topProducts', coalesce((
                    SELECT jsonb_agg(jsonb_build_object('productId', t.id, 'sku', t.sku, 'name', t.name,
                                                        'quantity', t.quantity, 'revenue', t.revenue)
                                     ORDER BY t.revenue DESC, t.id)
                    FROM (SELECT p.id, p.sku, p.name,
                                 sum(oi.quantity) AS quantity,
                                 sum(oi.quantity::bigint * oi.unit_price) AS revenue
                          FROM products p
                          JOIN order_items oi ON oi.org_id = p.org_id AND oi.product_id = p.id AND oi.deleted_at IS NULL
                          JOIN orders o ON o.org_id = oi.org_id AND o.id = oi.order_id AND o.deleted_at IS NULL
                          WHERE p.org_id = :orgId AND p.deleted_at IS NULL
                            AND o.status IN ('PAID', 'SHIPPED')
                            AND o.placed_at >= k.cur_start AND o.placed_at < k.cur_end
                          GROUP BY p.id, p.sku, p.name
                          ORDER BY revenue DESC, p.id
                          LIMIT 5) t), '[]'::jsonb),
                'topCustomers', coalesce((
                    SELECT jsonb_agg(jsonb_build_object('customerId', t.id, 'name', t.name,
                                                        'orders', t.orders, 'revenue', t.revenue)
                                     ORDER BY t.revenue DESC, t.id)
                    FROM (SELECT c.id, c.name, count(*) AS orders, sum(o.total) AS revenue
                          FROM customers c
                          JOIN orders o ON o.org_id = c.org_id AND o.customer_id = c.id AND o.deleted_at IS NULL
                          WHERE c.org_id = :orgId AND c.deleted_at IS NULL
                            AND o.status IN ('PAID', 'SHIPPED')
                            AND o.placed_at >= k.cur_start AND o.placed_at < k.cur_end
                          GROUP BY c.id, c.name
                          ORDER BY revenue DESC, c.id
                          LIMIT 5) t), '[]'::jsonb),
                'revenueDaily', (
                    SELECT jsonb_agg(jsonb_build_object(
                               'day', to_char(g.day, 'YYYY-MM-DD'),
                               'orders', (SELECT count(*) FROM orders o WHERE o.org_id = :orgId
                                            AND o.deleted_at IS NULL AND o.status IN ('PAID', 'SHIPPED')
                                            AND (o.placed_at AT TIME ZONE 'UTC')::date = g.day
                                            AND o.placed_at >= k.cur_start AND o.placed_at < k.cur_end),
                               'revenue', (SELECT coalesce(sum(o.total), 0) FROM orders o WHERE o.org_id = :orgId
                                            AND o.deleted_at IS NULL AND o.status IN ('PAID', 'SHIPPED')
                                            AND (o.placed_at AT TIME ZONE 'UTC')::date = g.day
                                            AND o.placed_at >= k.cur_start AND o.placed_at < k.cur_end))
                           ORDER BY g.day)
                    FROM generate_series(k.today - 29, k.today, interval '1 day') AS gs(ts)
                    CROSS JOIN LATERAL (SELECT gs.ts::date AS day) g))::text
            FROM k
            """;

    private final JdbcClient jdbc;
    private final JsonMapper json;

    DashboardRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** One statement: the views' numbers for {@code orgId}. */
    Dashboard fromViews(long orgId) {
        String body = jdbc.sql("SELECT get_dashboard_summary(:orgId)::text")
                .param("orgId", orgId)
                .query(String.class)
                .single();
        return json.readValue(body, Dashboard.class);
    }

    /** One statement: the same numbers computed now from the business tables, as of {@code asOf} (null: now). */
    Dashboard live(long orgId, Instant asOf) {
        String body = jdbc.sql(LIVE)
                .param("orgId", orgId)
                .param("asOf", asOf == null ? null : OffsetDateTime.ofInstant(asOf, ZoneOffset.UTC))
                .query(String.class)
                .single();
        return json.readValue(body, Dashboard.class);
    }
}
