package dev.brisk.bench.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** The hit rates a server's monitoring JSON states, wherever they are in it. */
final class HitRates {

    private HitRates() {}

    /** Every numeric field named like hitRate/hitRatio, and hits / (hits + misses) where both exist. */
    static Map<String, Double> of(JsonNode root) {
        Map<String, Double> out = new TreeMap<>();
        if (root != null) {
            walk(root, "", out, 0);
        }
        return out;
    }

    private static void walk(JsonNode node, String path, Map<String, Double> out, int depth) {
        if (depth > 8) {
            return;
        }
        if (node.isObject()) {
            JsonNode hits = node.get("hits");
            JsonNode misses = node.get("misses");
            if (hits != null && misses != null && hits.isNumber() && misses.isNumber()) {
                double total = hits.asDouble() + misses.asDouble();
                if (total > 0) {
                    out.put(
                            path.isEmpty() ? "hits/(hits+misses)" : path + ".hits/(hits+misses)",
                            Rounding.round3(hits.asDouble() / total));
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String p = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                String key =
                        e.getKey().toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
                if (e.getValue().isNumber() && (key.contains("hitrate") || key.contains("hitratio"))) {
                    out.put(p, e.getValue().asDouble());
                } else if (e.getValue().isContainerNode()) {
                    walk(e.getValue(), p, out, depth + 1);
                }
            }
        } else if (node.isArray()) {
            int i = 0;
            for (JsonNode child : node) {
                if (i > 50) {
                    break;
                }
                walk(child, path + "[" + i++ + "]", out, depth + 1);
            }
        }
    }
}
