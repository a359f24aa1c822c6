package dev.brisk.platform;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Base of Brisk's servlet filters: runs on a request's own (REQUEST) dispatch only, and passes error,
 * async, forward and include dispatches straight through. That is what {@code OncePerRequestFilter}
 * gave Brisk's filters, without its per-request attribute bookkeeping (a name lookup, set and remove
 * on every filter of every request).
 */
public abstract class RequestFilter implements Filter {

    @Override
    public final void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        if (req.getDispatcherType() == DispatcherType.REQUEST
                && req instanceof HttpServletRequest request
                && res instanceof HttpServletResponse response
                && !shouldNotFilter(request)) {
            doFilterInternal(request, response, chain);
        } else {
            chain.doFilter(req, res);
        }
    }

    /** Whether this request passes by this filter untouched. */
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return false;
    }

    protected abstract void doFilterInternal(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException;
}
