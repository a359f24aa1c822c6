package dev.brisk.auth;

import dev.brisk.platform.Cursor;
import dev.brisk.platform.CustomPlans;
import dev.brisk.platform.ListQuery;
import dev.brisk.platform.Page;
import dev.brisk.platform.Rows;
import dev.brisk.platform.SqlWhere;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class UserRepository {

    private static final String COLUMNS =
            "t.id, t.org_id, t.email, t.name, t.role, t.status, t.last_login_at, t.created_at, t.updated_at";

    /** A user with the password hash, for login only. */
    record Credentials(UserView user, String passwordHash) {}

    static final RowMapper<UserView> USER = (rs, i) -> new UserView(
            rs.getLong("id"),
            rs.getLong("org_id"),
            rs.getString("email"),
            rs.getString("name"),
            rs.getString("role"),
            rs.getString("status"),
            Rows.instant(rs, "last_login_at"),
            Rows.instant(rs, "created_at"),
            Rows.instant(rs, "updated_at"));

    private final JdbcClient jdbc;
    private final JdbcClient lists;

    UserRepository(JdbcClient jdbc, CustomPlans plans) {
        this.jdbc = jdbc;
        this.lists = plans.jdbc();
    }

    Optional<Credentials> credentials(String email) {
        return jdbc.sql("""
                SELECT %s, t.password_hash
                FROM users t
                WHERE t.email = :email AND t.deleted_at IS NULL
                """.formatted(COLUMNS))
                .param("email", email)
                .query((rs, i) -> new Credentials(USER.mapRow(rs, i), rs.getString("password_hash")))
                .optional();
    }

    Optional<UserView> find(long orgId, long id) {
        return jdbc.sql("""
                SELECT %s FROM users t
                WHERE t.id = :id AND t.org_id = :orgId AND t.deleted_at IS NULL
                """.formatted(COLUMNS))
                .param("id", id)
                .param("orgId", orgId)
                .query(USER)
                .optional();
    }

    Page<UserView> list(long orgId, ListQuery query) {
        SqlWhere where = query.where(orgId);
        if (query.q() != null) {
            where.and("(t.email ILIKE :q OR t.name ILIKE :q)", "q", query.likePattern());
        }
        return query.fetch(lists, COLUMNS, "users", where, USER, u -> Cursor.of(u.createdAt(), u.id()));
    }

    UserView insert(long orgId, String email, String name, String passwordHash, String role) {
        return jdbc.sql("""
                INSERT INTO users (org_id, email, name, password_hash, role)
                VALUES (:orgId, :email, :name, :hash, :role)
                RETURNING id, org_id, email, name, role, status, last_login_at, created_at, updated_at
                """)
                .param("orgId", orgId)
                .param("email", email)
                .param("name", name)
                .param("hash", passwordHash)
                .param("role", role)
                .query(USER)
                .single();
    }

    Optional<UserView> update(long orgId, long id, String name, String role, String status) {
        return jdbc.sql("""
                UPDATE users t SET
                    name = coalesce(:name, t.name),
                    role = coalesce(:role, t.role),
                    status = coalesce(:status, t.status),
                    updated_at = clock_timestamp()
                WHERE t.id = :id AND t.org_id = :orgId AND t.deleted_at IS NULL
                RETURNING %s
                """.formatted(COLUMNS))
                .param("name", name)
                .param("role", role)
                .param("status", status)
                .param("id", id)
                .param("orgId", orgId)
                .query(USER)
                .optional();
    }

    Optional<String> passwordHash(long id) {
        return jdbc.sql("SELECT password_hash FROM users WHERE id = :id AND deleted_at IS NULL")
                .param("id", id)
                .query(String.class)
                .optional();
    }

    void setPasswordHash(long id, String hash) {
        jdbc.sql("UPDATE users SET password_hash = :hash, updated_at = clock_timestamp() WHERE id = :id")
                .param("hash", hash)
                .param("id", id)
                .update();
    }

    void touchLogin(long id) {
        jdbc.sql("UPDATE users SET last_login_at = clock_timestamp() WHERE id = :id")
                .param("id", id)
                .update();
    }
}
