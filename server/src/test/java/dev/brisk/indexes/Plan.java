package dev.brisk.indexes;

import dev.brisk.platform.CustomPlans;
import java.lang.reflect.InvocationTargetException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
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
            replay(ps, parameters, "EXPLAIN " + sql);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Plan(sql, JSON.readTree(rs.getString(1)).get(0).get("Plan"));
            }
        }
    }

    /**
     * The plan PostgreSQL used for the seventh execution of {@code sql} on {@code c}, sent as Brisk
     * sends its lists ({@link CustomPlans#apply}: a protocol-level prepared statement, bound and run
     * seven times). From the sixth run on PostgreSQL may switch a named statement to a generic plan;
     * EXPLAIN cannot name a protocol-level statement, so the plan is taken from auto_explain, whose
     * LOG message reaches the client as a warning (client_min_messages=log; superuser, as in tests).
     */
    static Plan explainAsBriskRunsIt(Connection c, String sql, List<ParameterSetOperation> parameters)
            throws SQLException {
        try (Statement session = c.createStatement()) {
            session.execute("LOAD 'auto_explain'");
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                CustomPlans.apply(ps);
                replay(ps, parameters, sql);
                for (int i = 0; i < 6; i++) {
                    ps.executeQuery().close();
                }
                session.execute("SET auto_explain.log_min_duration = 0; SET auto_explain.log_format = json;"
                        + " SET client_min_messages = log");
                ps.clearWarnings();
                ps.executeQuery().close();
                for (SQLWarning w = ps.getWarnings(); w != null; w = w.getNextWarning()) {
                    String message = w.getMessage();
                    int json = message.indexOf('{');
                    if (message.contains("plan:") && json >= 0) {
                        return new Plan(
                                sql, JSON.readTree(message.substring(json)).get("Plan"));
                    }
                }
                throw new IllegalStateException("auto_explain logged no plan for: " + sql);
            } finally {
                session.execute("RESET client_min_messages; SET auto_explain.log_min_duration = -1");
            }
        }
    }

    private static void replay(PreparedStatement ps, List<ParameterSetOperation> parameters, String sql) {
        for (ParameterSetOperation p : parameters) {
            try {
                p.getMethod().invoke(ps, p.getArgs());
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new IllegalStateException("cannot replay " + p.getMethod().getName() + " on: " + sql, e);
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
        into.add(new Node(
                plan.path("Node Type").asString(),
                text(plan, "Relation Name"),
                text(plan, "Index Name"),
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
        return nodes().stream()
                .filter(n -> n.isScanOf(tables) && n.readsWholeRelation())
                .toList();
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
        out.append("  ".repeat(depth))
                .append("-> ")
                .append(plan.path("Node Type").asString());
        if (plan.has("Index Name")) {
            out.append(" using ").append(plan.get("Index Name").asString());
        }
        if (plan.has("Relation Name")) {
            out.append(" on ").append(plan.get("Relation Name").asString());
        }
        for (String field : List.of("Index Cond", "Recheck Cond", "Filter", "Sort Key")) {
            if (plan.has(field)) {
                out.append("  [")
                        .append(field)
                        .append(": ")
                        .append(plan.get(field).toString())
                        .append(']');
            }
        }
        out.append('\n');
        for (JsonNode child : plan.path("Plans")) {
            outline(child, depth + 1, out);
        }
    }
}
