package dev.brisk.platform;

import java.util.List;
import java.util.function.Function;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/** A validated list request: page size, keyset position and the filters common to every list. */
public record ListQuery(
        String resource,
        int limit,
        Cursor cursor,
        List<String> statuses,
        String q,
        DateRange created,
        byte[] cursorKey) {

    /**
     * Adds the org scope, live-row, status, created-range and keyset conditions for a table
     * aliased {@code t}. Rows are read newest first: {@code ORDER BY t.created_at DESC, t.id DESC}.
     */
    public SqlWhere where(long orgId) {
        SqlWhere where = new SqlWhere().and("t.org_id = :orgId", "orgId", orgId).and("t.deleted_at IS NULL");
        if (!statuses.isEmpty()) {
            where.and("t.status IN (:statuses)", "statuses", statuses);
        }
        where.range("t.created_at", "created", created);
        if (cursor != null) {
            where.and("(t.created_at, t.id) < (:cursorAt, :cursorId)", "cursorAt", cursor.createdAt())
                    .param("cursorId", cursor.id());
        }
        return where.param("limit", limit + 1);
    }

    /**
     * {@link #where(long)} plus {@code search}, a condition on {@code :q} (the {@link #likePattern()}),
     * when the request has a {@code q}.
     */
    public SqlWhere where(long orgId, String search) {
        return search(where(orgId), search);
    }

    /** Adds {@code search}, a condition on {@code :q}, to {@code where} when the request has a {@code q}. */
    public SqlWhere search(SqlWhere where, String search) {
        return q == null ? where : where.and(search, "q", likePattern());
    }

    /** {@code q} as an ILIKE pattern: its own {@code % _ \} are escaped so they match literally. */
    public String likePattern() {
        return "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    /**
     * Runs the page query, {@code SELECT columns FROM table t WHERE where ORDER BY t.created_at
     * DESC, t.id DESC LIMIT limit + 1}, and turns the rows into a page.
     */
    public <T> Page<T> fetch(
            JdbcClient jdbc,
            String columns,
            String table,
            SqlWhere where,
            RowMapper<T> row,
            Function<T, Cursor> position) {
        List<T> rows = jdbc.sql("""
                SELECT %s FROM %s t
                WHERE %s
                ORDER BY t.created_at DESC, t.id DESC
                LIMIT :limit
                """.formatted(columns, table, where.sql()))
                .params(where.params())
                .query(row)
                .list();
        return page(rows, position);
    }

    /** Turns {@code limit + 1} fetched rows into a page whose cursor points after the last row shown. */
    public <T> Page<T> page(List<T> rows, Function<T, Cursor> position) {
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<T> items = rows.subList(0, limit);
        return new Page<>(
                List.copyOf(items), position.apply(items.get(limit - 1)).encode(resource, cursorKey));
    }
}
