package dev.brisk.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.brisk.support.Api;
import dev.brisk.support.BriskIntegrationTest;
import dev.brisk.support.Fixtures;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

@BriskIntegrationTest
class AuthIntegrationTest {

    @Autowired
    Fixtures fixtures;

    @Test
    void loginReturnsTokenExpiryAndUserAndStoresOnlyTheHash() {
        var org = fixtures.org();
        var response = fixtures.api()
                .post(
                        null,
                        "/api/auth/login",
                        Api.json(Map.of("email", org.memberEmail().toUpperCase(), "password", Fixtures.PASSWORD)));
        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        String token = body.get("token").asString();
        assertThat(token).startsWith("brisk_").hasSize(6 + 43);
        assertThat(body.get("expiresAt").asString()).isNotBlank();
        assertThat(body.get("user").get("email").asString()).isEqualTo(org.memberEmail());
        assertThat(body.get("user").has("passwordHash")).isFalse();

        int stored = fixtures.jdbc()
                .sql("SELECT count(*) FROM sessions WHERE token_hash = :h")
                .param("h", Tokens.hash(token))
                .query(Integer.class)
                .single();
        assertThat(stored).isEqualTo(1);
        int plain = fixtures.jdbc()
                .sql("SELECT count(*) FROM sessions WHERE encode(token_hash, 'escape') LIKE :t")
                .param("t", "%" + token.substring(6, 20) + "%")
                .query(Integer.class)
                .single();
        assertThat(plain).isZero();

        JsonNode me = fixtures.api().get(token, "/api/auth/me").json();
        assertThat(me.get("role").asString()).isEqualTo("MEMBER");
        assertThat(me.get("orgId").asLong()).isEqualTo(org.id());
    }

    @Test
    void wrongPasswordAndUnknownEmailGetTheSameAnswer() {
        var org = fixtures.org();
        var wrong = fixtures.api()
                .post(
                        null,
                        "/api/auth/login",
                        Api.json(Map.of("email", org.adminEmail(), "password", "not-the-password")));
        var unknown = fixtures.api()
                .post(
                        null,
                        "/api/auth/login",
                        Api.json(Map.of(
                                "email", "nobody-" + org.slug() + "@nowhere.test", "password", "not-the-password")));
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(wrong.json().get("detail")).isEqualTo(unknown.json().get("detail"));
        assertThat(wrong.header("Content-Type")).isEqualTo("application/problem+json");
    }

    @Test
    void repeatedFailuresAreThrottledWithRetryAfter() {
        var org = fixtures.org();
        String body = Api.json(Map.of("email", org.memberEmail(), "password", "guess-guess"));
        for (int i = 0; i < 5; i++) {
            assertThat(fixtures.api().post(null, "/api/auth/login", body).status())
                    .isEqualTo(401);
        }
        var limited = fixtures.api().post(null, "/api/auth/login", body);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
        // even the right password waits out the window
        var right = fixtures.api()
                .post(
                        null,
                        "/api/auth/login",
                        Api.json(Map.of("email", org.memberEmail(), "password", Fixtures.PASSWORD)));
        assertThat(right.status()).isEqualTo(429);
    }

    @Test
    void logoutRevokesTheToken() {
        var org = fixtures.org();
        Api api = fixtures.api();
        assertThat(api.get(org.member(), "/api/auth/me").status()).isEqualTo(200);
        assertThat(api.post(org.member(), "/api/auth/logout", null).status()).isEqualTo(204);
        var after = api.get(org.member(), "/api/auth/me");
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(api.get(org.admin(), "/api/auth/me").status()).isEqualTo(200);
    }

    @Test
    void expiredMalformedAndMissingTokensAre401() {
        var org = fixtures.org();
        Api api = fixtures.api();
        fixtures.jdbc().sql("""
                UPDATE sessions SET created_at = now() - interval '2 days', expires_at = now() - interval '1 second'
                WHERE user_id = :u
                """).param("u", org.memberId()).update();
        assertThat(api.get(org.member(), "/api/customers").status()).isEqualTo(401);
        assertThat(api.get(null, "/api/customers").status()).isEqualTo(401);
        assertThat(api.get("garbage", "/api/customers").status()).isEqualTo(401);
        assertThat(api.get("brisk_" + "A".repeat(43), "/api/customers").status())
                .isEqualTo(401);
        assertThat(api.send(null, "GET", "/api/customers", null, null, "Authorization", "Basic Zm9vOmJhcg==")
                        .status())
                .isEqualTo(401);
        assertThat(api.send(null, "GET", "/api/customers", null, null, "Authorization", "Bearer " + "x".repeat(5000))
                        .status())
                .isEqualTo(401);
    }

    @Test
    void disablingAUserEndsItsSessionsAtOnce() {
        var org = fixtures.org();
        Api api = fixtures.api();
        var patched = api.patch(org.admin(), "/api/users/" + org.memberId(), "{\"status\":\"DISABLED\"}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(api.get(org.member(), "/api/auth/me").status()).isEqualTo(401);
        var login = api.post(
                null, "/api/auth/login", Api.json(Map.of("email", org.memberEmail(), "password", Fixtures.PASSWORD)));
        assertThat(login.status()).isEqualTo(401);
    }

    @Test
    void roleChangesApplyToTheNextRequest() {
        var org = fixtures.org();
        Api api = fixtures.api();
        assertThat(api.get(org.member(), "/api/users").status()).isEqualTo(403);
        assertThat(api.patch(org.admin(), "/api/users/" + org.memberId(), "{\"role\":\"ADMIN\"}")
                        .status())
                .isEqualTo(200);
        assertThat(api.get(org.member(), "/api/users").status()).isEqualTo(200);
    }

    @Test
    void usersEndpointsAreAdminOnlyAndOrgScoped() {
        var org = fixtures.org();
        var other = fixtures.org();
        Api api = fixtures.api();
        assertThat(api.get(org.member(), "/api/users").status()).isEqualTo(403);
        assertThat(api.get(org.member(), "/api/users").header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(api.post(org.member(), "/api/users", "{}").status()).isEqualTo(403);
        assertThat(api.get(null, "/api/users").status()).isEqualTo(401);

        JsonNode users = api.get(org.admin(), "/api/users").json().get("items");
        assertThat(users).hasSize(2);
        assertThat(api.get(org.admin(), "/api/users/" + other.adminId()).status())
                .isEqualTo(404);
        assertThat(api.patch(org.admin(), "/api/users/" + other.memberId(), "{\"status\":\"DISABLED\"}")
                        .status())
                .isEqualTo(404);
        assertThat(api.get(other.member(), "/api/auth/me").status()).isEqualTo(200);
    }

    @Test
    void adminCreatesUsersWhoCanLogIn() {
        var org = fixtures.org();
        Api api = fixtures.api();
        String email = "new-" + org.slug() + "@example.com";
        var created = api.post(
                org.admin(),
                "/api/users",
                Api.json(
                        Map.of("email", email, "name", "New Person", "password", Fixtures.PASSWORD, "role", "MEMBER")));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location"))
                .isEqualTo("/api/users/" + created.json().get("id").asLong());
        assertThat(fixtures.login(email.toUpperCase())).isNotBlank();

        var duplicate = api.post(
                org.admin(),
                "/api/users",
                Api.json(Map.of("email", email, "name", "Again", "password", "long-enough-pw", "role", "MEMBER")));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.json().get("errors").get(0).get("field").asString())
                .isEqualTo("email");
    }

    @Test
    void badUserInputIsNamed() {
        var org = fixtures.org();
        Api api = fixtures.api();
        var response = api.post(
                org.admin(),
                "/api/users",
                Api.json(Map.of(
                        "email", "not-an-email", "name", "x".repeat(10_000), "password", "short", "role", "OWNER")));
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("field").asString()).isEqualTo("role");

        response = api.post(
                org.admin(),
                "/api/users",
                Api.json(Map.of(
                        "email", "not-an-email", "name", "x".repeat(10_000), "password", "short", "role", "MEMBER")));
        assertThat(response.status()).isEqualTo(400);
        assertThat(fields(response.json())).containsExactlyInAnyOrder("email", "name", "password");

        assertThat(api.patch(org.admin(), "/api/users/" + org.adminId(), "{\"status\":\"DISABLED\"}")
                        .status())
                .isEqualTo(409);
        assertThat(api.post(null, "/api/auth/login", "{\"email\":").status()).isEqualTo(400);
        assertThat(api.post(null, "/api/auth/login", "{}").status()).isEqualTo(400);
        assertThat(api.post(null, "/api/auth/login", Api.json(Map.of("email", "a@b.c", "password", "p".repeat(10_000))))
                        .status())
                .isEqualTo(400);
    }

    static java.util.List<String> fields(JsonNode problem) {
        java.util.List<String> fields = new java.util.ArrayList<>();
        problem.get("errors").forEach(e -> fields.add(e.get("field").asString()));
        return fields;
    }
}
