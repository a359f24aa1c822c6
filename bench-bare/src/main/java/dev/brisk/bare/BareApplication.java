package dev.brisk.bare;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The bare-stack reference of bench/limits.sh: Spring Boot, Tomcat, Spring MVC, HikariCP and the
 * PostgreSQL driver at Brisk's versions and nothing else (no security, no monitoring, no cache).
 * <ul>
 *   <li>{@code GET /mvc}: the bytes of {@code bare.body-file} through a Spring MVC handler;</li>
 *   <li>any path under {@code /filter}: the same bytes written by the first servlet filter;</li>
 *   <li>{@code GET /db/customers/{id}}: Brisk's two statements of an uncached customer detail (the
 *   session behind the bearer token's SHA-256, then the customer in the session's organization)
 *   through JdbcClient, the row serialized by Jackson.</li>
 * </ul>
 */
@SpringBootApplication
@RestController
public class BareApplication {

    private final byte[] body;
    private final JdbcClient jdbc;

    BareApplication(@Value("${bare.body-file}") Path bodyFile, JdbcClient jdbc) throws IOException {
        this.body = Files.readAllBytes(bodyFile);
        this.jdbc = jdbc;
    }

    public static void main(String[] args) {
        SpringApplication.run(BareApplication.class, args);
    }

    @GetMapping(value = "/mvc", produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<byte[]> mvc() {
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(body);
    }

    @Bean
    FilterRegistrationBean<Filter> firstFilter() {
        Filter filter = (request, response, chain) -> {
            if (((HttpServletRequest) request).getRequestURI().startsWith("/filter")) {
                HttpServletResponse http = (HttpServletResponse) response;
                http.setContentType(MediaType.APPLICATION_JSON_VALUE);
                http.setContentLength(body.length);
                http.getOutputStream().write(body);
            } else {
                chain.doFilter(request, response);
            }
        };
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @GetMapping("/db/customers/{id}")
    ResponseEntity<Map<String, Object>> customer(
            @PathVariable long id, @RequestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
        byte[] hash = sha256(authorization.substring("Bearer ".length()).strip());
        Long orgId = jdbc.sql("""
                SELECT t.id, t.org_id, t.email, t.name, t.role, t.status, t.last_login_at, t.created_at, t.updated_at,
                       s.expires_at
                FROM sessions s
                JOIN users t ON t.id = s.user_id
                WHERE s.token_hash = :hash
                  AND s.revoked_at IS NULL
                  AND s.expires_at > clock_timestamp()
                  AND t.status = 'ACTIVE'
                  AND t.deleted_at IS NULL
                """)
                .param("hash", hash)
                .query((rs, i) -> rs.getLong("org_id"))
                .optional()
                .orElse(null);
        if (orgId == null) {
            return ResponseEntity.status(401).build();
        }
        return jdbc.sql("""
                SELECT t.id, t.name, t.email, t.phone, t.company, t.status, t.created_at, t.updated_at
                FROM customers t
                WHERE t.id = :id AND t.org_id = :orgId AND t.deleted_at IS NULL
                """)
                .param("id", id)
                .param("orgId", orgId)
                .query((rs, i) -> Map.<String, Object>of(
                        "id",
                        rs.getLong("id"),
                        "name",
                        rs.getString("name"),
                        "email",
                        String.valueOf(rs.getString("email")),
                        "phone",
                        String.valueOf(rs.getString("phone")),
                        "company",
                        String.valueOf(rs.getString("company")),
                        "status",
                        rs.getString("status"),
                        "createdAt",
                        rs.getTimestamp("created_at").toInstant(),
                        "updatedAt",
                        rs.getTimestamp("updated_at").toInstant()))
                .optional()
                .map(ResponseEntity::ok)
                .orElseGet(() -> ResponseEntity.notFound().build());
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
