package dev.brisk.platform;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.StringJoiner;

/** Collects the AND-ed conditions of a list query with their named parameters. */
public final class SqlWhere {

    private final StringJoiner clauses = new StringJoiner("\n  AND ");
    private final Map<String, Object> params = new LinkedHashMap<>();

    public SqlWhere and(String clause) {
        clauses.add(clause);
        return this;
    }

    public SqlWhere and(String clause, String name, Object value) {
        clauses.add(clause);
        params.put(name, value instanceof Instant instant ? Timestamp.from(instant) : value);
        return this;
    }

    /** {@code column >= :nameFrom AND column < :nameTo} for the sides that are set. */
    public SqlWhere range(String column, String name, DateRange range) {
        if (range != null && range.from() != null) {
            and(column + " >= :" + name + "From", name + "From", range.from());
        }
        if (range != null && range.to() != null) {
            and(column + " < :" + name + "To", name + "To", range.to());
        }
        return this;
    }

    public SqlWhere param(String name, Object value) {
        params.put(name, value);
        return this;
    }

    public String sql() {
        return clauses.toString();
    }

    public Map<String, Object> params() {
        return params;
    }
}
