package dev.brisk.platform;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;

/**
 * A status life cycle as data (each status to the statuses it may move to), so that clients offer
 * only the moves the server allows. It changes only with a release: clients may keep it an hour.
 */
public final class Transitions {

    private Transitions() {}

    public static <E extends Enum<E>> Map<E, Set<E>> of(Class<E> type, Function<E, Set<E>> next) {
        Map<E, Set<E>> map = new EnumMap<>(type);
        for (E status : type.getEnumConstants()) {
            map.put(status, next.apply(status));
        }
        return Map.copyOf(map);
    }

    public static <E> ResponseEntity<Map<E, Set<E>>> answer(Map<E, Set<E>> transitions) {
        return ResponseEntity.ok()
                .cacheControl(CacheControl.maxAge(1, TimeUnit.HOURS).cachePrivate())
                .body(transitions);
    }
}
