package dev.brisk.cache;

import dev.brisk.platform.ListParams;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.springframework.web.method.HandlerMethod;

/**
 * The normalized request a cached response is keyed by, so equivalent requests share one entry:
 * parameters in name order, {@code limit} filled in with its default on list endpoints, empty
 * {@code cursor}/{@code limit} dropped (they mean "absent"), and the values of the repeatable
 * filter {@code status} sorted and de-duplicated (the list reads them as a set). Other repeated
 * values keep their order: Spring joins them into one string, where order matters.
 */
final class RequestKeys {

    private static final Set<String> SETS = Set.of("status");
    private static final Set<String> EMPTY_MEANS_ABSENT = Set.of("cursor", "limit");

    private RequestKeys() {}

    static String normalized(HttpServletRequest request, HandlerMethod handler) {
        Map<String, List<String>> params = new TreeMap<>();
        String query = request.getQueryString();
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                if (value.isEmpty() && EMPTY_MEANS_ABSENT.contains(name)) {
                    continue;
                }
                params.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
        }
        if (takesListParams(handler)) {
            params.putIfAbsent("limit", List.of(Integer.toString(ListParams.DEFAULT_LIMIT)));
        }
        StringBuilder key = new StringBuilder(request.getRequestURI());
        params.forEach((name, values) -> {
            Iterable<String> ordered = SETS.contains(name) ? new TreeSet<>(values) : values;
            for (String value : ordered) {
                // length-prefixed, so no value can imitate a separator
                key.append('\n')
                        .append(name.length())
                        .append(':')
                        .append(name)
                        .append('=')
                        .append(value.length())
                        .append(':')
                        .append(value);
            }
        });
        return key.toString();
    }

    private static boolean takesListParams(HandlerMethod handler) {
        for (var parameter : handler.getMethodParameters()) {
            if (parameter.getParameterType() == ListParams.class) {
                return true;
            }
        }
        return false;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return "\u0000raw:" + text; // malformed escapes: keyed as sent, the handler will answer it
        }
    }
}
