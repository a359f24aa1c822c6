package dev.brisk.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

/** Makes isolated organizations with an ADMIN and a MEMBER, logged in. */
@TestComponent
public class Fixtures {

    public static final String PASSWORD = "test-password-1";
    private static final String PASSWORD_HASH =
            PasswordEncoderFactories.createDelegatingPasswordEncoder().encode(PASSWORD);
    private static final AtomicLong SEQ = new AtomicLong(System.nanoTime() % 1_000_000);

    /** One organization and its two users' tokens. */
    public record Org(
            long id,
            String slug,
            long adminId,
            String adminEmail,
            String admin,
            long memberId,
            String memberEmail,
            String member) {}

    private final JdbcClient jdbc;
    private final java.util.function.IntSupplier port;

    @org.springframework.beans.factory.annotation.Autowired
    Fixtures(JdbcClient jdbc, WebServerApplicationContext context) {
        this(jdbc, () -> context.getWebServer().getPort());
    }

    /** Fixtures for a Brisk this JVM did not start (another process) on {@code port}, sharing the test database. */
    public Fixtures(JdbcClient jdbc, java.util.function.IntSupplier port) {
        this.jdbc = jdbc;
        this.port = port;
    }

    public Api api() {
        return new Api(port.getAsInt());
    }

    public JdbcClient jdbc() {
        return jdbc;
    }

    public Org org() {
        String slug = "org-" + SEQ.incrementAndGet();
        long orgId = jdbc.sql("INSERT INTO organizations (name, slug, currency) VALUES (:n, :s, 'EUR') RETURNING id")
                .param("n", "Org " + slug)
                .param("s", slug)
                .query(Long.class)
                .single();
        long adminId = user(orgId, "admin@" + slug + ".test", "ADMIN");
        long memberId = user(orgId, "member@" + slug + ".test", "MEMBER");
        return new Org(
                orgId,
                slug,
                adminId,
                "admin@" + slug + ".test",
                login("admin@" + slug + ".test"),
                memberId,
                "member@" + slug + ".test",
                login("member@" + slug + ".test"));
    }

    /** A new platform operator (role OPERATOR in the database's one platform organization), logged in. */
    public String operator() {
        return login(operatorEmail());
    }

    /** Creates a platform operator and returns its email (password {@link #PASSWORD}). */
    public String operatorEmail() {
        jdbc.sql("""
                INSERT INTO organizations (name, slug, currency, platform) VALUES ('Brisk Platform', 'brisk-platform', 'EUR', true)
                ON CONFLICT DO NOTHING
                """).update();
        long platform = jdbc.sql("SELECT id FROM organizations WHERE platform")
                .query(Long.class)
                .single();
        String email = "operator-" + SEQ.incrementAndGet() + "@platform.test";
        user(platform, email, "OPERATOR");
        return email;
    }

    public long user(long orgId, String email, String role) {
        return jdbc.sql("""
                INSERT INTO users (org_id, email, name, password_hash, role)
                VALUES (:org, :email, :name, :hash, :role) RETURNING id
                """)
                .param("org", orgId)
                .param("email", email)
                .param("name", email)
                .param("hash", PASSWORD_HASH)
                .param("role", role)
                .query(Long.class)
                .single();
    }

    public String login(String email) {
        var response = api().post(null, "/api/auth/login", Api.json(Map.of("email", email, "password", PASSWORD)));
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.json().get("token").asString();
    }

    /** Creates through the API and returns the new id. */
    public long create(String token, String path, Object body) {
        var response = api().post(token, path, Api.json(body));
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("id").asLong();
    }

    /** The body of a PLACED order of one line. */
    public static Map<String, Object> placedOrder(long customer, long product, int quantity) {
        return Map.of(
                "customerId",
                customer,
                "status",
                "PLACED",
                "items",
                List.of(Map.of("productId", product, "quantity", quantity)));
    }
}
