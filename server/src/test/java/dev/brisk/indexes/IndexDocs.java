package dev.brisk.indexes;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;
import org.springframework.stereotype.Repository;

/** Reads the index migration, the psql scripts and docs/db-indexes.md, which the tests hold together. */
final class IndexDocs {

    static final String MIGRATION = "server/src/main/resources/db/optimized/V101__indexes.sql";
    static final String CREATE_SCRIPT = "scripts/create-indexes.sql";
    static final String DROP_SCRIPT = "scripts/drop-indexes.sql";
    static final String DOC = "docs/db-indexes.md";

    private static final Pattern CREATE_INDEX = Pattern.compile("CREATE INDEX IF NOT EXISTS (\\w+)");
    private static final Pattern TICKED = Pattern.compile("`([^`]+)`");

    private IndexDocs() {}

    static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve(MIGRATION))) {
            dir = dir.getParent();
        }
        assertThat(dir).as("repository root").isNotNull();
        return dir;
    }

    static String read(String file) throws IOException {
        return Files.readString(root().resolve(file));
    }

    /** The names of the indexes V101 creates, in order. */
    static List<String> migrationIndexes() throws IOException {
        List<String> names = new ArrayList<>();
        Matcher m = CREATE_INDEX.matcher(read(MIGRATION));
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /** Statements of an SQL file without comments and whitespace runs, e.g. "CREATE INDEX ... ;". */
    static List<String> statements(String sql) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.lines().toList()) {
            String code = line.startsWith("--") ? "" : line.strip();
            if (code.isEmpty() || code.startsWith("\\")) {
                continue;
            }
            current.append(current.isEmpty() ? "" : " ").append(code);
            if (code.endsWith(";") && !current.toString().startsWith("DO $$") || code.equals("$$;")) {
                statements.add(current.toString().replaceAll("\\s+", " "));
                current.setLength(0);
            }
        }
        return statements;
    }

    /** The rows of a section's table: first cell's `name` to the `names` of the last cell. */
    static Map<String, Set<String>> table(String heading) throws IOException {
        Map<String, Set<String>> rows = new LinkedHashMap<>();
        boolean inSection = false;
        for (String line : read(DOC).lines().toList()) {
            if (line.startsWith("## ")) {
                inSection = line.equals("## " + heading);
                continue;
            }
            if (!inSection || !line.startsWith("|") || line.startsWith("|---") || line.startsWith("| ---")) {
                continue;
            }
            String[] cells = line.split("(?<!\\\\)\\|", -1);
            if (cells.length < 3) {
                continue;
            }
            Matcher key = TICKED.matcher(cells[1]);
            if (!key.find()) {
                continue; // the header row
            }
            Set<String> names = new TreeSet<>();
            Matcher value = TICKED.matcher(cells[cells.length - 2]);
            while (value.find()) {
                names.add(value.group(1));
            }
            rows.put(key.group(1), names);
        }
        return rows;
    }

    /** "Every query Brisk sends": query (repository method, refresh, FK check) to the indexes serving it. */
    static Map<String, Set<String>> queries() throws IOException {
        return table("Every query Brisk sends");
    }

    /** "Indexes": index name to the tests named in its last column. */
    static Map<String, Set<String>> indexes() throws IOException {
        return table("Indexes");
    }

    /** Every method of every @Repository class that runs SQL, as "OrderRepository.list". */
    static Set<String> repositoryMethods() throws ClassNotFoundException {
        var scanner = new ClassPathScanningCandidateComponentProvider(false);
        scanner.addIncludeFilter(new AnnotationTypeFilter(Repository.class));
        Set<String> methods = new LinkedHashSet<>();
        for (BeanDefinition candidate : scanner.findCandidateComponents("dev.brisk")) {
            Class<?> type = Class.forName(candidate.getBeanClassName());
            for (Method m : type.getDeclaredMethods()) {
                if (!m.isSynthetic() && !Modifier.isPrivate(m.getModifiers()) && !Modifier.isStatic(m.getModifiers())) {
                    methods.add(type.getSimpleName() + "." + m.getName());
                }
            }
        }
        assertThat(methods).as("repository methods").hasSizeGreaterThan(40);
        return methods;
    }
}
