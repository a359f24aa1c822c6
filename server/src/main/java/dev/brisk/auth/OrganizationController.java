package dev.brisk.auth;

import dev.brisk.monitoring.QueryBudget;
import dev.brisk.platform.ApiException;
import dev.brisk.platform.Caller;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The caller's own organization: its name and the currency every amount of the API is in. */
@RestController
class OrganizationController {

    record OrganizationView(long id, String name, String slug, String currency) {}

    private final JdbcClient jdbc;

    OrganizationController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @GetMapping("/api/organization")
    @QueryBudget(2)
    OrganizationView organization(@AuthenticationPrincipal Caller caller) {
        return jdbc.sql("SELECT id, name, slug, currency FROM organizations WHERE id = :id")
                .param("id", caller.orgId())
                .query(OrganizationView.class)
                .optional()
                .orElseThrow(() -> ApiException.notFound("Organization"));
    }
}
