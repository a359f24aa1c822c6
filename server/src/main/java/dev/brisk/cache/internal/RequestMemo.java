package dev.brisk.cache.internal;

import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The first tier: what this request has already read, on this thread, between the web filter's
 * open and close. Bounded, so a request that reads many keys cannot grow it without end.
 */
public final class RequestMemo {

    private static final int MAX_ENTRIES = 1024;

    private final ThreadLocal<Map<String, Entry>> memo = new ThreadLocal<>();

    /** Opens a memo on this thread; false (and nothing changes) when one is already open. */
    public boolean open() {
        if (memo.get() != null) {
            return false;
        }
        memo.set(new HashMap<>());
        return true;
    }

    public void close() {
        memo.remove();
    }

    /** This thread's memo, or null outside a request scope. */
    @Nullable
    Map<String, Entry> current() {
        return memo.get();
    }

    /** Adds {@code e} to {@code m} (a memo from {@link #current()}, or null) unless it is full. */
    static void remember(@Nullable Map<String, Entry> m, String rk, Entry e) {
        if (m != null && m.size() < MAX_ENTRIES) {
            m.put(rk, e);
        }
    }

    void forget(String rk) {
        Map<String, Entry> m = memo.get();
        if (m != null) {
            m.remove(rk);
        }
    }

    void forgetMatching(String prefix) {
        Map<String, Entry> m = memo.get();
        if (m != null) {
            m.keySet().removeIf(k -> k.startsWith(prefix));
        }
    }
}
