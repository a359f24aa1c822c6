package dev.brisk.cache;

import dev.brisk.platform.RequestFilter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Opens the cache's per-request memo around each request, ahead of security, so auth lookups are memoized too. */
final class RequestMemoFilter extends RequestFilter {

    private final TieredCache cache;

    RequestMemoFilter(TieredCache cache) {
        this.cache = cache;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        TieredCache.RequestScope scope = cache.openRequestScope();
        try {
            chain.doFilter(request, response);
        } finally {
            scope.close();
        }
    }
}
