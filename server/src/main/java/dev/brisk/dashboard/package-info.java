/**
 * The KPI dashboard: materialized views kept fresh by {@link dev.brisk.dashboard.DashboardRefresher},
 * read in one round trip by {@code GET /api/dashboard}, and the same KPIs computed live.
 */
@NullMarked
package dev.brisk.dashboard;

import org.jspecify.annotations.NullMarked;
