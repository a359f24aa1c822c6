package dev.brisk.platform.replica;

import dev.brisk.platform.Caller;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Read-your-writes with replicas: from the start of a user's write until a replica has replayed the
 * primary's WAL position taken after the write committed, that user's reads go to the primary.
 * {@code afterCompletion} runs after the service's transaction committed and before the response is
 * flushed, so the position is known before the client can send its next read.
 */
final class WriteTracker implements HandlerInterceptor {

    private static final String USER = WriteTracker.class.getName() + ".user";

    private final ReadRouting routing;
    private final JdbcTemplate primary;

    WriteTracker(ReadRouting routing, JdbcTemplate primary) {
        this.routing = routing;
        this.primary = primary;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String method = request.getMethod();
        if (!routing.enabled() || "GET".equals(method) || "HEAD".equals(method) || "OPTIONS".equals(method)) {
            return true;
        }
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth != null && auth.getPrincipal() instanceof Caller caller) {
            routing.writeStarted(caller.userId());
            request.setAttribute(USER, caller.userId());
        }
        return true;
    }

    @Override
    public void afterCompletion(
            HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
        if (!(request.getAttribute(USER) instanceof Long userId)) {
            return;
        }
        if (ex != null || response.getStatus() >= 400) {
            routing.writeEnded(userId, null);
            return;
        }
        String lsn;
        try {
            lsn = primary.queryForObject("SELECT pg_current_wal_lsn()::text", String.class);
        } catch (DataAccessException e) {
            return; // the user stays on the primary (in progress) until the next write ends
        }
        routing.writeEnded(userId, lsn);
    }
}
