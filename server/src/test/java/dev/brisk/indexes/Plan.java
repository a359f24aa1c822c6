package dev.brisk.indexes;

import java.lang.reflect.InvocationTargetException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import net.ttddyy.dsproxy.proxy.ParameterSetOperation;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A statement's plan from {@code EXPLAIN (FORMAT JSON)}, planned with the statement's own bound
 * parameters (replayed onto the EXPLAIN as the application set them), so PostgreSQL plans it as it
 * planned the application's execution. Inspected by node types and index names, never by timings.
 */
record Plan(String sql, JsonNode root) {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Pattern EXPLAINABLE = Pattern.compile("(?is)^\\s*(SELECT|WITH|INSERT|UPDATE|DELETE)\\b.*");

    /** One plan node. {@code indexCond} tells whether an index scan is bounded by a condition. */
    record Node(String type, String relation, String index, boolean indexCond) {

        boolean isScanOf(Set<String> tables) {
            return relation != null && tables.contains(relation);
        }

        /** A sequential scan, or an index scan without an index condition: both read the whole relation. */
        boolean readsWholeRelation() {
            return type.equals("Seq Scan") || (index != null && !indexCond && !type.startsWith("Bitmap"));
        }

        @Override
        public String toString() {
            return type + (index != null ? " using " + index : "") + (relation != null ? " on " + relation : "");
        }
    }

    static boolean explainable(String sql) {
        return EXPLAINABLE.matcher(sql).matches();
    }

    static Plan explain(Connection c, String sql, List<ParameterSetOperation> parameters) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("EXPLAIN (FORMAT JSON) " + sql)) {
            for (ParameterSetOperation p : parameters) {
                try {
                    p.getMethod().invoke(ps, p.getArgs());
                } catch (IllegalAccessException | InvocationTargetException e) {
                    throw new IllegalStateException("cannot replay " + p.getMethod().getName() + " on: " + sql, e);
                }
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Plan(sql, JSON.readTree(rs.getString(1)).get(0).get("Plan"));
            }
        }
    }

    /**
     * The plan of {@code sql} on {@code c} once it has run six times as a prepared statement
     * (SQL-level PREPARE/EXECUTE, so that EXPLAIN can name it): from the sixth run on PostgreSQL
     * may use a generic plan, unless the connection's plan_cache_mode forbids it.
     */
    static Plan explainPrepared(Connection c, String sql, List<ParameterSetOperation> parameters) throws SQLException {
        StringBuilder numbered = new StringBuilder();
        int n = 0;
        for (char ch : sql.toCharArray()) {
            numbered.append(ch == '?' ? "$" + ++n : String.valueOf(ch));
        }
        String arguments = parameters.stream()
                .sorted(Comparator.comparingInt(p -> (Integer) p.getArgs()[0]))
                .map(p -> p.getArgs()[1] instanceof Number number ? number.toString()
                        : "'" + String.valueOf(p.getArgs()[1]).replace("'", "''") + "'")
                .collect(Collectors.joining(", ", "(", ")"));
        try (Statement s = c.createStatement()) {
            s.execute("PREPARE brisk_plan_probe AS " + numbered);
            try {
                for (int i = 0; i < 6; i++) {
                    s.execute("EXECUTE brisk_plan_probe" + arguments);
                }
                try (ResultSet rs = s.executeQuery("EXPLAIN (FORMAT JSON) EXECUTE brisk_plan_probe" + arguments)) {
                    rs.next();
                    return new Plan(sql, JSON.readTree(rs.getString(1)).get(0).get("Plan"));
                }
            } finally {
                s.execute("DEALLOCATE brisk_plan_probe");
            }
        }
    }

    /** Every node, depth first (subplans and init plans included). */
    List<Node> nodes() {
        List<Node> nodes = new ArrayList<>();
        collect(root, nodes);
        return nodes;
    }

    private static void collect(JsonNode plan, List<Node> into) {
        into.add(new Node(plan.path("Node Type").asString(), text(plan, "Relation Name"), text(plan, "Index Name"),
                plan.has("Index Cond")));
        for (JsonNode child : plan.path("Plans")) {
            collect(child, into);
        }
    }

    private static String text(JsonNode node, String field) {
        return node.has(field) ? node.get(field).asString() : null;
    }

    Set<String> indexes() {
        Set<String> names = new LinkedHashSet<>();
        nodes().forEach(n -> {
            if (n.index() != null) {
                names.add(n.index());
            }
        });
        return names;
    }

    /** Scans that read all of one of {@code tables}. */
    List<Node> wholeScans(Set<String> tables) {
        return nodes().stream().filter(n -> n.isScanOf(tables) && n.readsWholeRelation()).toList();
    }

    /** The plan's shape: node types with their relation and index, depth first, without numbers. */
    List<String> shape() {
        return nodes().stream().map(Node::toString).toList();
    }

    /** An indented outline for failure messages. */
    String outline() {
        StringBuilder out = new StringBuilder();
        outline(root, 0, out);
        return out.toString();
    }

    private static void outline(JsonNode plan, int depth, StringBuilder out) {
        out.append("  ".repeat(depth)).append("-> ").append(plan.path("Node Type").asString());
        if (plan.has("Index Name")) {
            out.append(" using ").append(plan.get("Index Name").asString());
        }
        if (plan.has("Relation Name")) {
            out.append(" on ").append(plan.get("Relation Name").asString());
        }
        for (String field : List.of("Index Cond", "Recheck Cond", "Filter", "Sort Key")) {
            if (plan.has(field)) {
                out.append("  [").append(field).append(": ").append(plan.get(field).toString()).append(']');
            }
        }
        out.append('\n');
        for (JsonNode child : plan.path("Plans")) {
            outline(child, depth + 1, out);
        }
    }
}
