package dev.brisk.monitoring;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Unused and duplicate indexes, as PgHero would list them, from the statistics views. */
@Component
class IndexHealth {

    record UnusedIndex(String table, String index, long scans, long sizeBytes) {}

    record DuplicateIndex(String table, String index, String coveredBy) {}

    record Report(List<UnusedIndex> unused, List<DuplicateIndex> duplicates) {}

    private final JdbcClient jdbc;

    IndexHealth(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Report report() {
        // Unique indexes enforce constraints, so they earn their keep even when never scanned.
        List<UnusedIndex> unused = jdbc.sql("""
                SELECT s.relname, s.indexrelname, s.idx_scan, pg_relation_size(s.indexrelid) AS size
                FROM pg_stat_user_indexes s
                JOIN pg_index i ON i.indexrelid = s.indexrelid
                WHERE s.idx_scan = 0 AND NOT i.indisunique AND s.schemaname = current_schema()
                ORDER BY size DESC, s.indexrelname
                """)
                .query((rs, n) -> new UnusedIndex(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4)))
                .list();
        // An index whose columns are a leading prefix of another's on the same table, with the same
        // predicate, is redundant for reads: the longer one serves every query the shorter one does.
        List<DuplicateIndex> duplicates = jdbc.sql("""
                SELECT a.indrelid::regclass::text, a.indexrelid::regclass::text, b.indexrelid::regclass::text
                FROM pg_index a
                JOIN pg_index b ON a.indrelid = b.indrelid AND a.indexrelid <> b.indexrelid
                JOIN pg_class c ON c.oid = a.indrelid
                JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
                JOIN pg_class ai ON ai.oid = a.indexrelid
                JOIN pg_class bi ON bi.oid = b.indexrelid
                WHERE NOT a.indisunique
                  AND ai.relam = bi.relam
                  AND a.indnatts <= b.indnatts
                  AND (a.indkey::int2[])[0:a.indnatts - 1] = (b.indkey::int2[])[0:a.indnatts - 1]
                  AND coalesce(pg_get_expr(a.indpred, a.indrelid), '') = coalesce(pg_get_expr(b.indpred, b.indrelid), '')
                  AND coalesce(pg_get_expr(a.indexprs, a.indrelid), '') = coalesce(pg_get_expr(b.indexprs, b.indrelid), '')
                  AND (a.indoption::int2[])[0:a.indnatts - 1] = (b.indoption::int2[])[0:a.indnatts - 1]
                  AND (a.indnatts < b.indnatts OR a.indexrelid > b.indexrelid)
                ORDER BY 1, 2
                """)
                .query((rs, n) -> new DuplicateIndex(rs.getString(1), rs.getString(2), rs.getString(3)))
                .list();
        return new Report(unused, duplicates);
    }
}
