#!/usr/bin/env python3
"""Prototype for docs/dashboard-incremental.md ("views over rollups, or the rollups directly?"):
prints SQL that creates V102's six view queries as plain views (direct_dashboard_*) and a copy of
V100's get_dashboard_summary reading them (get_dashboard_summary_direct(org), asOf = now()), i.e.
the dashboard computed from the rollups at read time instead of refreshed views. Derived from the
migrations at run time, so it cannot drift from them. Measurement only, not a migration:
  python3 bench/sql/dashboard-direct-read.py | psql -d DB
  psql -d DB -c "SELECT bool_and(get_dashboard_summary(id) - 'asOf' = get_dashboard_summary_direct(id) - 'asOf') FROM organizations"
"""
import pathlib
import re

d = pathlib.Path(__file__).resolve().parents[2] / "server/src/main/resources/db/optimized"
v102 = (d / "V102__dashboard_rollups.sql").read_text()
v100 = (d / "V100__dashboard_views.sql").read_text()
views = v102[v102.index("CREATE MATERIALIZED VIEW dashboard_summary AS"):v102.index("-- V100's contract, now folding first")]
views = re.sub(r"CREATE UNIQUE INDEX[^\n]*\n", "", views).replace("CREATE MATERIALIZED VIEW ", "CREATE OR REPLACE VIEW direct_")
f = v100[v100.index("CREATE OR REPLACE FUNCTION get_dashboard_summary(org bigint)"):]
f = f[:f.index("$$;") + 3].replace("get_dashboard_summary(org bigint)", "get_dashboard_summary_direct(org bigint)")
f = f.replace("coalesce((SELECT as_of FROM dashboard_as_of WHERE id = 1), now())", "now()")
for n in ["dashboard_summary", "dashboard_orders_by_status", "dashboard_revenue_daily", "dashboard_top_products",
          "dashboard_top_customers"]:
    f = re.sub(r"\b" + n + r"\b", "direct_" + n, f)
print(views + "\n" + f)
