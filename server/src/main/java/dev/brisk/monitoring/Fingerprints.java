package dev.brisk.monitoring;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Reduces SQL to its shape: literals become {@code ?}, lists of placeholders collapse to one,
 * whitespace and case of keywords are normalized. Results are memoized per distinct SQL text,
 * which an application issues a bounded number of.
 */
final class Fingerprints {

    private static final Pattern STRING = Pattern.compile("'(?:[^']|'')*'");
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w$.])-?\\d+(?:\\.\\d+)?(?![\\w$])");
    private static final Pattern LIST = Pattern.compile("\\(\\s*\\?(?:\\s*,\\s*\\?)+\\s*\\)");
    private static final Pattern VALUES =
            Pattern.compile("(VALUES\\s*\\(\\?\\))(?:\\s*,\\s*\\(\\?\\))+", Pattern.CASE_INSENSITIVE);
    private static final Pattern SPACE = Pattern.compile("\\s+");
    private static final int MEMO_LIMIT = 10_000;

    private static final Map<String, String> MEMO = new ConcurrentHashMap<>();

    private Fingerprints() {}

    static String of(String sql) {
        String known = MEMO.get(sql);
        if (known != null) {
            return known;
        }
        String fingerprint = normalize(sql);
        if (MEMO.size() < MEMO_LIMIT) {
            MEMO.put(sql, fingerprint);
        }
        return fingerprint;
    }

    static String normalize(String sql) {
        String s = STRING.matcher(sql).replaceAll("?");
        s = NUMBER.matcher(s).replaceAll("?");
        s = SPACE.matcher(s).replaceAll(" ").strip();
        s = LIST.matcher(s).replaceAll("(?)");
        s = VALUES.matcher(s).replaceAll("$1");
        return s;
    }
}
