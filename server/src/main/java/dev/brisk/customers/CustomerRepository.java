package dev.brisk.customers;

import dev.brisk.platform.CustomPlans;
import dev.brisk.platform.Cursor;
import dev.brisk.platform.ListQuery;
import dev.brisk.platform.Page;
import dev.brisk.platform.Rows;
import dev.brisk.platform.SqlWhere;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class CustomerRepository {

    private static final String COLUMNS = "t.id, t.name, t.email, t.phone, t.company, t.status, t.created_at, t.updated_at";

    private static final RowMapper<CustomerView> ROW = (rs, i) -> new CustomerView(rs.getLong("id"),
            rs.getString("name"), rs.getString("email"), rs.getString("phone"), rs.getString("company"),
            rs.getString("status"), Rows.instant(rs, "created_at"), Rows.instant(rs, "updated_at"));

    private final JdbcClient jdbc;
    private final JdbcClient lists;

    CustomerRepository(JdbcClient jdbc, CustomPlans plans) {
        this.jdbc = jdbc;
        this.lists = plans.jdbc();
    }

    Page<CustomerView> list(long orgId, ListQuery query) {
        SqlWhere where = query.where(orgId);
        if (query.q() != null) {
            where.and("(t.name ILIKE :q OR t.email ILIKE :q OR t.company ILIKE :q)", "q", query.likePattern());
        }
        return query.fetch(lists, COLUMNS, "customers", where, ROW, c -> Cursor.of(c.createdAt(), c.id()));
    }

    Optional<CustomerView> find(long orgId, long id) {
        return jdbc.sql("""
                SELECT %s FROM customers t
                WHERE t.id = :id AND t.org_id = :orgId AND t.deleted_at IS NULL
                """.formatted(COLUMNS))
                .param("id", id).param("orgId", orgId)
                .query(ROW).optional();
    }

    CustomerView insert(long orgId, CustomerController.CreateCustomer c) {
        return jdbc.sql("""
                INSERT INTO customers AS t (org_id, name, email, phone, company, status)
                VALUES (:orgId, :name, :email, :phone, :company, :status)
                RETURNING %s
                """.formatted(COLUMNS))
                .param("orgId", orgId).param("name", c.name().strip())
                .param("email", Rows.blankToNull(c.email())).param("phone", Rows.blankToNull(c.phone()))
                .param("company", Rows.blankToNull(c.company()))
                .param("status", c.status() == null ? CustomerStatus.LEAD.name() : c.status().name())
                .query(ROW).single();
    }

    /** Null leaves a field as it is; a blank string clears an optional field. */
    Optional<CustomerView> update(long orgId, long id, CustomerController.UpdateCustomer c) {
        return jdbc.sql("""
                UPDATE customers t SET
                    name = coalesce(:name, t.name),
                    email = CASE WHEN :emailSet THEN :email ELSE t.email END,
                    phone = CASE WHEN :phoneSet THEN :phone ELSE t.phone END,
                    company = CASE WHEN :companySet THEN :company ELSE t.company END,
                    status = coalesce(:status, t.status),
                    updated_at = clock_timestamp()
                WHERE t.id = :id AND t.org_id = :orgId AND t.deleted_at IS NULL
                RETURNING %s
                """.formatted(COLUMNS))
                .param("name", c.name() == null ? null : c.name().strip())
                .param("emailSet", c.email() != null).param("email", Rows.blankToNull(c.email()))
                .param("phoneSet", c.phone() != null).param("phone", Rows.blankToNull(c.phone()))
                .param("companySet", c.company() != null).param("company", Rows.blankToNull(c.company()))
                .param("status", c.status() == null ? null : c.status().name())
                .param("id", id).param("orgId", orgId)
                .query(ROW).optional();
    }

    boolean softDelete(long orgId, long id) {
        return jdbc.sql("""
                UPDATE customers SET deleted_at = clock_timestamp(), updated_at = clock_timestamp()
                WHERE id = :id AND org_id = :orgId AND deleted_at IS NULL
                """).param("id", id).param("orgId", orgId).update() > 0;
    }

    Optional<CustomerView> restore(long orgId, long id) {
        return jdbc.sql("""
                UPDATE customers t SET deleted_at = NULL, updated_at = clock_timestamp()
                WHERE t.id = :id AND t.org_id = :orgId AND t.deleted_at IS NOT NULL
                RETURNING %s
                """.formatted(COLUMNS))
                .param("id", id).param("orgId", orgId)
                .query(ROW).optional();
    }
}
