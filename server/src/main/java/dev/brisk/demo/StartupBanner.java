package dev.brisk.demo;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The last lines of the start-up log: where Brisk answers, where its API docs are and, when the
 * demo logins exist, which they are. Runs as the last listener of the ready event, after seeding.
 */
@Component
class StartupBanner implements ApplicationListener<ApplicationReadyEvent>, Ordered {

    private static final Logger log = LoggerFactory.getLogger(StartupBanner.class);

    record DemoUser(String email, String role, String org) {}

    private final JdbcClient jdbc;

    StartupBanner(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    @Override
    public void onApplicationEvent(ApplicationReadyEvent event) {
        if (!(event.getApplicationContext() instanceof WebServerApplicationContext web) || web.getWebServer() == null) {
            return;
        }
        Environment env = event.getApplicationContext().getEnvironment();
        String base =
                "http://localhost:" + web.getWebServer().getPort() + env.getProperty("server.servlet.context-path", "");
        String swagger = env.getProperty("springdoc.swagger-ui.path", "/swagger-ui.html");
        log.info(text(base, swagger, demoUsers()));
    }

    static String text(String base, String swaggerPath, List<DemoUser> users) {
        String root = base.endsWith("/") ? base : base + "/";
        List<String> lines = new ArrayList<>();
        lines.add("");
        lines.add("=".repeat(72));
        lines.add("  Brisk is ready:    " + root);
        lines.add("  API docs:          " + root.substring(0, root.length() - 1) + swaggerPath);
        if (!users.isEmpty()) {
            lines.add("  Demo logins (password: " + DemoSeeder.PASSWORD + "):");
            int width = users.stream().mapToInt(u -> u.email().length()).max().orElse(0);
            int roleWidth =
                    users.stream().mapToInt(u -> u.role().length()).max().orElse(0);
            for (DemoUser user : users) {
                lines.add(("    %-" + width + "s  %-" + roleWidth + "s  %s")
                        .formatted(user.email(), user.role(), user.org()));
            }
        }
        lines.add("=".repeat(72));
        return String.join(System.lineSeparator(), lines);
    }

    /** The demo logins that exist and can log in, in the documented order; none if the query fails. */
    private List<DemoUser> demoUsers() {
        List<String> emails =
                DemoSeeder.LOGINS.stream().map(DemoSeeder.Login::email).toList();
        try {
            List<DemoUser> found = jdbc.sql("""
                    SELECT u.email, u.role, o.name AS org
                    FROM users u JOIN organizations o ON o.id = u.org_id
                    WHERE u.email IN (:emails) AND u.deleted_at IS NULL AND u.status = 'ACTIVE'
                    """)
                    .param("emails", emails)
                    .query((rs, i) -> new DemoUser(rs.getString("email"), rs.getString("role"), rs.getString("org")))
                    .list();
            return emails.stream()
                    .flatMap(e -> found.stream().filter(u -> u.email().equals(e)))
                    .toList();
        } catch (RuntimeException e) {
            log.debug("Could not look up the demo logins", e);
            return List.of();
        }
    }
}
