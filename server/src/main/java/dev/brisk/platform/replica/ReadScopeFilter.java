package dev.brisk.platform.replica;

import dev.brisk.platform.RequestFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Opens a read scope for the API's GET requests (authentication included, so the cached-auth loader reads
 * a replica too). The operator's monitoring endpoints read the primary: their statistics are the primary's.
 */
final class ReadScopeFilter extends RequestFilter {

    private final ReadRouting routing;

    ReadScopeFilter(ReadRouting routing) {
        this.routing = routing;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !routing.enabled()
                || !("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()))
                || !path.startsWith("/api/")
                || path.startsWith("/api/monitoring");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try (ReadRouting.Scope ignored = routing.openReadScope()) {
            chain.doFilter(request, response);
        }
    }
}
