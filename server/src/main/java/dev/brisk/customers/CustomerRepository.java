package dev.brisk.customers;

import dev.brisk.platform.CustomPlans;
import dev.brisk.platform.ListQuery;
import dev.brisk.platform.OrgTable;
import dev.brisk.platform.Page;
import dev.brisk.platform.Rows;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
class CustomerRepository {

    private static final String COLUMNS =
            "t.id, t.name, t.email, t.phone, t.company, t.status, t.created_at, t.updated_at";

    private static final RowMapper<CustomerView> ROW = (rs, i) -> new CustomerView(
            rs.getLong("id"),
            rs.getString("name"),
            rs.getString("email"),
            rs.getString("phone"),
            rs.getString("company"),
            rs.getString("status"),
            Rows.instant(rs, "created_at"),
            Rows.instant(rs, "updated_at"));

    private final JdbcClient jdbc;
    private final OrgTable<CustomerView> table;

    CustomerRepository(JdbcClient jdbc, CustomPlans plans) {
        this.jdbc = jdbc;
        this.table = new OrgTable<>(jdbc, plans, "customers", COLUMNS, ROW);
    }

    Page<CustomerView> list(long orgId, ListQuery query) {
        return table.list(query, query.where(orgId, "(t.name ILIKE :q OR t.email ILIKE :q OR t.company ILIKE :q)"));
    }

    Optional<CustomerView> find(long orgId, long id) {
        return table.find(orgId, id);
    }

    CustomerView insert(long orgId, CustomerController.CreateCustomer c) {
        return jdbc.sql("""
                INSERT INTO customers AS t (org_id, name, email, phone, company, status)
                VALUES (:orgId, :name, :email, :phone, :company, :status)
                RETURNING %s
                """.formatted(COLUMNS))
                .param("orgId", orgId)
                .param("name", c.name().strip())
                .param("email", Rows.blankToNull(c.email()))
                .param("phone", Rows.blankToNull(c.phone()))
                .param("company", Rows.blankToNull(c.company()))
                .param(
                        "status",
                        c.status() == null
                                ? CustomerStatus.LEAD.name()
                                : c.status().name())
                .query(ROW)
                .single();
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
                .param("emailSet", c.email() != null)
                .param("email", Rows.blankToNull(c.email()))
                .param("phoneSet", c.phone() != null)
                .param("phone", Rows.blankToNull(c.phone()))
                .param("companySet", c.company() != null)
                .param("company", Rows.blankToNull(c.company()))
                .param("status", c.status() == null ? null : c.status().name())
                .param("id", id)
                .param("orgId", orgId)
                .query(ROW)
                .optional();
    }

    boolean softDelete(long orgId, long id) {
        return table.softDelete(orgId, id);
    }

    Optional<CustomerView> restore(long orgId, long id) {
        return table.restore(orgId, id);
    }
}
