package dev.brisk.platform;

import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The statements every org-scoped, soft-deleted table ({@code org_id}, {@code deleted_at}, a table
 * aliased {@code t}) runs alike, for its repository: the keyset page, the live row by id, soft
 * delete and restore. They differ only in the table's name and columns; a repository's other
 * statements stay its own. Statements run here on behalf of the repository method that called
 * (docs/db-indexes.md names them by that method).
 */
public final class OrgTable<T extends KeysetRow> {

    private final JdbcClient jdbc;
    private final JdbcClient lists;
    private final String table;
    private final String columns;
    private final RowMapper<T> row;

    /**
     * @param table the table's name (a constant of the repository, never input)
     * @param columns the select list, every column qualified with {@code t.}
     */
    public OrgTable(JdbcClient jdbc, CustomPlans plans, String table, String columns, RowMapper<T> row) {
        this.jdbc = jdbc;
        this.lists = plans.jdbc();
        this.table = table;
        this.columns = columns;
        this.row = row;
    }

    /** The page {@code where} selects, newest first, planned with its values (lists: {@link CustomPlans}). */
    public Page<T> list(ListQuery query, SqlWhere where) {
        return query.fetch(lists, columns, table, where, row, KeysetRow::position);
    }

    /** The caller's live row {@code id}. */
    public Optional<T> find(long orgId, long id) {
        return jdbc.sql("""
                SELECT %s FROM %s t
                WHERE t.id = :id AND t.org_id = :orgId AND t.deleted_at IS NULL
                """.formatted(columns, table))
                .param("id", id)
                .param("orgId", orgId)
                .query(row)
                .optional();
    }

    /** False when the caller has no such live row. */
    public boolean softDelete(long orgId, long id) {
        return jdbc.sql("""
                UPDATE %s SET deleted_at = clock_timestamp(), updated_at = clock_timestamp()
                WHERE id = :id AND org_id = :orgId AND deleted_at IS NULL
                """.formatted(table))
                        .param("id", id)
                        .param("orgId", orgId)
                        .update()
                > 0;
    }

    /** The restored row; empty when the caller has no such deleted row. */
    public Optional<T> restore(long orgId, long id) {
        return jdbc.sql("""
                UPDATE %s t SET deleted_at = NULL, updated_at = clock_timestamp()
                WHERE t.id = :id AND t.org_id = :orgId AND t.deleted_at IS NOT NULL
                RETURNING %s
                """.formatted(table, columns))
                .param("id", id)
                .param("orgId", orgId)
                .query(row)
                .optional();
    }
}
