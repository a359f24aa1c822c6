package dev.brisk.bench.run;

import java.util.List;

/**
 * What Brisk reports per response in {@code Server-Timing}, e.g.
 * {@code db;dur=1.234, db-statements;desc="2", cache;desc="local", total;dur=3.210}.
 *
 * @param dbMillis time in the database, or NaN when absent
 * @param statements statements issued, or -1 when absent
 * @param cache the cache tier that answered (memo, local, redis, miss, ...), or null when absent
 * @param totalMillis server time for the request, or NaN when absent
 */
public record ServerTiming(double dbMillis, int statements, String cache, double totalMillis) {

    public static final ServerTiming NONE = new ServerTiming(Double.NaN, -1, null, Double.NaN);

    public boolean present() {
        return this != NONE;
    }

    public static ServerTiming parse(List<String> headers) {
        if (headers == null || headers.isEmpty()) {
            return NONE;
        }
        return parse(String.join(", ", headers));
    }

    /** Parses the header as RFC 8941-ish text: metrics split on commas outside quotes, params on ';'. */
    public static ServerTiming parse(String header) {
        if (header == null || header.isBlank()) {
            return NONE;
        }
        double db = Double.NaN;
        int statements = -1;
        String cache = null;
        double total = Double.NaN;
        int i = 0;
        int n = header.length();
        while (i < n) {
            // one metric: name *( ";" key [ "=" value ] )
            int[] pos = {i};
            String name = token(header, pos);
            String dur = null;
            String desc = null;
            skipSpaces(header, pos);
            while (pos[0] < n && header.charAt(pos[0]) == ';') {
                pos[0]++;
                String key = token(header, pos);
                String value = null;
                skipSpaces(header, pos);
                if (pos[0] < n && header.charAt(pos[0]) == '=') {
                    pos[0]++;
                    value = value(header, pos);
                }
                if ("dur".equalsIgnoreCase(key)) {
                    dur = value;
                } else if ("desc".equalsIgnoreCase(key)) {
                    desc = value;
                }
                skipSpaces(header, pos);
            }
            // skip anything up to the next metric
            while (pos[0] < n && header.charAt(pos[0]) != ',') {
                pos[0]++;
            }
            i = pos[0] + 1;
            switch (name.toLowerCase(java.util.Locale.ROOT)) {
                case "db" -> db = number(dur);
                case "db-statements", "db-queries" -> {
                    double v = number(desc != null ? desc : dur);
                    statements = Double.isNaN(v) ? -1 : (int) v;
                }
                case "cache" -> cache = desc != null && !desc.isEmpty() ? desc : null;
                case "total", "app" -> total = number(dur);
                default -> {
                    // other metrics are ignored
                }
            }
        }
        if (Double.isNaN(db) && statements < 0 && cache == null && Double.isNaN(total)) {
            return NONE;
        }
        return new ServerTiming(db, statements, cache, total);
    }

    private static String token(String s, int[] pos) {
        skipSpaces(s, pos);
        int start = pos[0];
        while (pos[0] < s.length()) {
            char c = s.charAt(pos[0]);
            if (c == ';' || c == ',' || c == '=' || c == ' ' || c == '\t') {
                break;
            }
            pos[0]++;
        }
        return s.substring(start, pos[0]);
    }

    private static String value(String s, int[] pos) {
        skipSpaces(s, pos);
        if (pos[0] < s.length() && s.charAt(pos[0]) == '"') {
            StringBuilder b = new StringBuilder();
            pos[0]++;
            while (pos[0] < s.length()) {
                char c = s.charAt(pos[0]++);
                if (c == '\\' && pos[0] < s.length()) {
                    b.append(s.charAt(pos[0]++));
                } else if (c == '"') {
                    break;
                } else {
                    b.append(c);
                }
            }
            return b.toString();
        }
        return token(s, pos);
    }

    private static void skipSpaces(String s, int[] pos) {
        while (pos[0] < s.length() && (s.charAt(pos[0]) == ' ' || s.charAt(pos[0]) == '\t')) {
            pos[0]++;
        }
    }

    private static double number(String v) {
        if (v == null || v.isEmpty()) {
            return Double.NaN;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }
}
