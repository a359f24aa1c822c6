package dev.brisk.ops;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The operator files under ops/ at the repository root, and the PromQL expressions in them. */
final class OpsFiles {

    static final Path ROOT = locate();
    static final Path RULES = ROOT.resolve("ops/prometheus/brisk-rules.yml");
    static final Path RULE_TESTS = ROOT.resolve("ops/prometheus/brisk-rules.test.yml");
    static final Path DASHBOARD = ROOT.resolve("ops/grafana/brisk.json");

    private OpsFiles() {}

    private static Path locate() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.isDirectory(dir.resolve("ops"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException(
                    "no ops/ directory above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    /** Every {@code expr} of the rules file (single-line or block scalars). */
    static List<String> ruleExpressions() throws java.io.IOException {
        List<String> lines = Files.readAllLines(RULES);
        List<String> exprs = new ArrayList<>();
        Pattern key = Pattern.compile("^(\\s*)(- )?expr:\\s*(.*)$");
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = key.matcher(lines.get(i));
            if (!m.matches()) {
                continue;
            }
            String rest = m.group(3).strip();
            if (!rest.equals("|") && !rest.equals(">")) {
                exprs.add(rest);
                continue;
            }
            int indent = m.group(1).length();
            StringBuilder block = new StringBuilder();
            while (i + 1 < lines.size() && (lines.get(i + 1).isBlank() || leading(lines.get(i + 1)) > indent)) {
                block.append(lines.get(++i).strip()).append('\n');
            }
            exprs.add(block.toString());
        }
        return exprs;
    }

    private static int leading(String line) {
        int n = 0;
        while (n < line.length() && line.charAt(n) == ' ') {
            n++;
        }
        return n;
    }

    /** Every target expression and template-variable query of the Grafana dashboard. */
    static List<String> dashboardExpressions() throws java.io.IOException {
        JsonNode dashboard = JsonMapper.builder().build().readTree(DASHBOARD.toFile());
        List<String> exprs = new ArrayList<>();
        collect(dashboard.path("panels"), exprs);
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            String query = variable.path("query").path("query").asString("");
            Matcher m = Pattern.compile("label_values\\((.*),\\s*\\w+\\)").matcher(query);
            if (m.matches()) {
                exprs.add(m.group(1));
            }
        }
        return exprs;
    }

    private static void collect(JsonNode panels, List<String> exprs) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                exprs.add(target.path("expr").asString());
            }
            collect(panel.path("panels"), exprs);
        }
    }
}
