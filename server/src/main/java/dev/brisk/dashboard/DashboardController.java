package dev.brisk.dashboard;

import dev.brisk.monitoring.QueryBudget;
import dev.brisk.platform.Caller;
import io.swagger.v3.oas.annotations.Operation;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/dashboard")
class DashboardController {

    private final DashboardService dashboards;

    DashboardController(DashboardService dashboards) {
        this.dashboards = dashboards;
    }

    @GetMapping
    @QueryBudget(2) // authentication may take one; the dashboard is one call of get_dashboard_summary
    @Operation(summary = "The caller's organization's KPIs, as of the last refresh of the dashboard views")
    Dashboard get(@AuthenticationPrincipal Caller caller) {
        return dashboards.current(caller.orgId());
    }
}
