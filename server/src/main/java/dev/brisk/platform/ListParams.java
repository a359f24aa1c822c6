package dev.brisk.platform;

import java.util.List;

/**
 * The query parameters every list endpoint takes, bound as strings so that every bad value gets
 * a problem+json answer naming the parameter.
 *
 * @param limit page size, 1..100 (default 20)
 * @param cursor {@code nextCursor} of the previous page
 * @param status repeatable status filter
 * @param q case-insensitive substring search
 * @param createdFrom lower bound on creation time (ISO date or date-time, inclusive)
 * @param createdTo upper bound on creation time (exclusive; a date includes that day)
 */
public record ListParams(
        String limit, String cursor, List<String> status, String q, String createdFrom, String createdTo) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    public ListQuery toQuery(String resource, Enum<?>[] statuses, byte[] cursorKey) {
        return new ListQuery(
                resource,
                parseLimit(),
                cursor == null || cursor.isEmpty() ? null : Cursor.decode(cursor, resource, cursorKey),
                parseStatuses(statuses),
                parseQ(),
                DateRange.parse("created", createdFrom, createdTo),
                cursorKey);
    }

    private int parseLimit() {
        if (limit == null || limit.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        int value;
        try {
            value = Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            throw ApiException.badField("limit", "must be a whole number from 1 to " + MAX_LIMIT);
        }
        if (value < 1 || value > MAX_LIMIT) {
            throw ApiException.badField("limit", "must be a whole number from 1 to " + MAX_LIMIT);
        }
        return value;
    }

    private List<String> parseStatuses(Enum<?>[] allowed) {
        if (status == null || status.isEmpty()) {
            return List.of();
        }
        List<String> names = java.util.Arrays.stream(allowed).map(Enum::name).toList();
        for (String s : status) {
            if (!names.contains(s)) {
                throw ApiException.badField("status", "must be one of " + names);
            }
        }
        return List.copyOf(new java.util.LinkedHashSet<>(status));
    }

    private String parseQ() {
        if (q == null || q.isBlank()) {
            return null;
        }
        if (q.length() > 200) {
            throw ApiException.badField("q", "must be at most 200 characters");
        }
        if (q.chars().anyMatch(Character::isISOControl)) {
            // PostgreSQL text cannot hold NUL; control characters never match anything useful anyway
            throw ApiException.badField("q", "must not contain control characters");
        }
        return q.strip();
    }
}
